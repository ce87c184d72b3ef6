"""Checkpoints: what the database held at a restore point, recorded inside it, so that a copy
restored to that point can be verified exactly.

A checkpoint is, per table of every schema, its row count and a checksum of its rows, and
a restore point (`pg_create_restore_point`) of the same name. The figures are taken while
every table is locked against writes (SHARE: readers go on, writers wait), the checkpoint's
row is committed, and only then is the restore point written: recovered to it, a copy holds
exactly the rows the figures describe, and the checkpoint row itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

SCHEMA = "backup"
TABLE = "checkpoint"
# writers wait while the figures are taken; past this the checkpoint gives up (and says so)
LOCK_TIMEOUT = "60s"

# the figures of a table as text must not depend on the session's settings
SESSION = (
    "SET TimeZone = 'UTC'",
    "SET DateStyle = 'ISO, MDY'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)

# every persistent base table of every schema, the checkpoints' own table apart; unlogged
# tables are empty after a restore, materialized views derived from tables (and refreshed
# concurrently at any moment)
TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND c.relpersistence = 'p'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%%'
      AND NOT (n.nspname = %s AND c.relname = %s)
    ORDER BY 1, 2"""

Figures = dict[str, str]  # "schema.table" -> "rows:checksum"


@dataclass(frozen=True)
class Checkpoint:
    name: str
    taken_at: datetime
    figures: Figures


def tables(connection: psycopg.Connection) -> list[tuple[str, str]]:
    return [(schema, table) for schema, table in connection.execute(TABLES, (SCHEMA, TABLE))]


def figures(connection: psycopg.Connection) -> Figures:
    """Per table, `rows:checksum`: the checksum is the sum of a 64-bit hash of each row as
    text, so it is blind to the rows' physical order and changed by any row added, removed
    or altered."""
    for statement in SESSION:
        connection.execute(statement)
    return {
        f"{schema}.{table}": _figure(connection, schema, table)
        for schema, table in tables(connection)
    }


def _figure(connection: psycopg.Connection, schema: str, table: str) -> str:
    query = sql.SQL(
        "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM {} t"
    ).format(sql.Identifier(schema, table))
    rows, checksum = connection.execute(query).fetchone() or (0, 0)
    return f"{rows}:{checksum}"


def record_checkpoint(conninfo: str, name: str) -> Checkpoint:
    """Take the figures with writes held off, commit them, then write the restore point."""
    with psycopg.connect(conninfo, autocommit=True) as recorder:
        _ensure_table(recorder)
        with psycopg.connect(conninfo) as holder:  # one transaction: locks held to its end
            holder.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            locked = tables(holder)
            if locked:
                holder.execute(
                    sql.SQL("LOCK TABLE {} IN SHARE MODE").format(
                        sql.SQL(", ").join(sql.Identifier(s, t) for s, t in locked)
                    )
                )
            taken = figures(holder)
            row = recorder.execute(
                sql.SQL(
                    "INSERT INTO {} (name, taken_at, figures) VALUES (%s, clock_timestamp(), %s)"
                    " RETURNING taken_at"
                ).format(sql.Identifier(SCHEMA, TABLE)),
                (name, json.dumps(taken)),
            ).fetchone()
            holder.execute("SELECT pg_create_restore_point(%s)", (name,))
    assert row is not None
    return Checkpoint(name, row[0], taken)


def _ensure_table(connection: psycopg.Connection) -> None:
    connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
    connection.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY,"
            " taken_at timestamptz NOT NULL, figures jsonb NOT NULL)"
        ).format(sql.Identifier(SCHEMA, TABLE))
    )


def checkpoints(conninfo: str) -> list[Checkpoint]:
    """Every checkpoint the database holds, oldest first (none before the first backup)."""
    with psycopg.connect(conninfo) as connection:
        exists = connection.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.{TABLE}",)
        ).fetchone()
        if not exists or not exists[0]:
            return []
        rows = connection.execute(
            sql.SQL("SELECT name, taken_at, figures FROM {} ORDER BY taken_at").format(
                sql.Identifier(SCHEMA, TABLE)
            )
        )
        return [Checkpoint(name, taken_at, dict(taken)) for name, taken_at, taken in rows]


def newest_checkpoint(
    conninfo: str, before: datetime | None = None, named: Iterable[str] | None = None
) -> Checkpoint | None:
    """The newest checkpoint taken at or before `before`, of one of the `named` (any)."""
    names = None if named is None else set(named)
    eligible = [
        c
        for c in checkpoints(conninfo)
        if (before is None or c.taken_at <= before) and (names is None or c.name in names)
    ]
    return eligible[-1] if eligible else None


def mismatches(expected: Mapping[str, str], actual: Mapping[str, str]) -> list[str]:
    """What differs between the figures a copy should have and those it has, one line per
    table."""
    found = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            found.append(f"{table}: in the checkpoint, missing from the copy")
        elif table not in expected:
            found.append(f"{table}: in the copy, not in the checkpoint")
        elif expected[table] != actual[table]:
            found.append(_difference(table, expected[table], actual[table]))
    return found


def _difference(table: str, expected: str, actual: str) -> str:
    expected_rows, actual_rows = (int(figure.split(":")[0]) for figure in (expected, actual))
    if expected_rows != actual_rows:
        return f"{table}: {actual_rows:,} rows, the checkpoint has {expected_rows:,}"
    return f"{table}: {actual_rows:,} rows as in the checkpoint, but their content differs"


def total_rows(taken: Iterable[str]) -> int:
    return sum(int(figure.split(":")[0]) for figure in taken)
