"""Versioned SQL migrations per service schema, applied at service start.

Each service keeps `NNNN_name.sql` files in a folder; applied versions are recorded in
`<schema>.schema_migration`. A transaction-level advisory lock makes concurrent starts safe.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from services.chassis.database import raw_cursor

MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(folder: Path) -> list[Migration]:
    migrations = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_FILE.match(path.name)
        if not match:
            raise MigrationError(f"migration file name must be NNNN_name.sql: {path.name}")
        migrations.append(Migration(int(match[1]), match[2], path.read_text()))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"duplicate migration versions in {folder}")
    return migrations


CHASSIS_MIGRATIONS = Path(__file__).parent / "migrations"


def migrate(engine: Engine, schema: str, folders: dict[str, Path]) -> list[str]:
    """Apply, inside `schema`, each component's migrations not yet applied.

    `folders` maps a component name (a service's own tables, the chassis outbox) to its
    folder. Statements run with `search_path` set to the schema, so files name no schema.
    An applied migration whose file was edited is refused.
    """
    applied_now = []
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": schema})
        exists = connection.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
        ).first()
        if not exists:  # normally the administrator's bootstrap made it, owned by the service
            # sql: identifiers only (the schema of the Service declaration)
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        connection.execute(
            text(
                # sql: identifiers only (the schema of the Service declaration)
                f'CREATE TABLE IF NOT EXISTS "{schema}".schema_migration ('
                " component text NOT NULL, version int NOT NULL, name text NOT NULL,"
                " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
                " PRIMARY KEY (component, version))"
            )
        )
        applied = {
            (c, v): s
            for c, v, s in connection.execute(
                # sql: identifiers only (the schema of the Service declaration)
                text(f'SELECT component, version, checksum FROM "{schema}".schema_migration')
            )
        }
        # sql: identifiers only (the schema of the Service declaration)
        connection.execute(text(f'SET LOCAL search_path TO "{schema}", public'))
        for component, folder in folders.items():
            for migration in discover(folder):
                key = (component, migration.version)
                if key in applied:
                    if applied[key] != migration.checksum:
                        raise MigrationError(
                            f"{schema}: {component} migration "
                            f"{migration.version} was edited after it was applied"
                        )
                    continue
                with raw_cursor(connection) as cursor:
                    cursor.execute(migration.sql)
                connection.execute(
                    text(
                        # sql: identifiers only (the schema of the Service declaration)
                        f'INSERT INTO "{schema}".schema_migration'
                        " (component, version, name, checksum) VALUES (:c, :v, :n, :s)"
                    ),
                    {
                        "c": component,
                        "v": migration.version,
                        "n": migration.name,
                        "s": migration.checksum,
                    },
                )
                applied_now.append(f"{component}/{migration.version:04d}_{migration.name}")
    return applied_now
