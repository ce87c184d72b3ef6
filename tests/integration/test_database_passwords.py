"""PostgreSQL signs every role in with its password (scram-sha-256) and trusts nobody; the
passwords live in a file only the user can read; each service's role reaches its own
schemas and nothing else."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from olist_dw.database import (
    ANALYST_ROLE,
    ANALYST_SCHEMAS,
    SERVICE_ROLES,
    STAR_READERS,
    login_roles,
)
from olist_dw.runtime.credentials import credentials_file, password_file
from olist_dw.runtime.postgres import SUPERUSER, PostgresServer, data_home
from olist_dw.runtime.stack import Stack

pytestmark = pytest.mark.integration


def test_no_rule_trusts_anyone(infrastructure: Stack) -> None:
    with psycopg.connect(infrastructure.database_url()) as connection:
        methods = {m for (m,) in connection.execute("SELECT auth_method FROM pg_hba_file_rules")}
        encryption = connection.execute("SHOW password_encryption").fetchone()
    assert methods == {"scram-sha-256"}
    assert encryption == ("scram-sha-256",)


@pytest.mark.parametrize("role", [SUPERUSER, *login_roles()])
def test_every_role_needs_its_own_password(infrastructure: Stack, role: str) -> None:
    port = infrastructure.postgres.port
    without = f"host=127.0.0.1 port={port} dbname=olist user={role}"
    for attempt in (without, f"{without} password=not-the-password"):
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(attempt, connect_timeout=5).close()
    with psycopg.connect(infrastructure.database_url(role)) as connection:
        assert connection.execute("SELECT current_user").fetchone() == (role,)


def test_the_passwords_are_readable_by_the_user_only(infrastructure: Stack) -> None:
    for path in (credentials_file(infrastructure.home), password_file(infrastructure.home)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(credentials_file(infrastructure.home).parent.stat().st_mode) == 0o700
    held = infrastructure.credentials.postgres
    assert set(held) == {SUPERUSER, *login_roles()}
    assert len(set(held.values())) == len(held)  # none shared


FOREIGN = [
    (service.role, schema)
    for service in SERVICE_ROLES.values()
    for owner in SERVICE_ROLES.values()
    if owner != service
    for schema in owner.schemas
    if schema not in service.schemas
]


@pytest.mark.parametrize(("role", "schema"), FOREIGN, ids=lambda x: x)
def test_a_service_role_reaches_only_its_own_schemas(
    database_url: str, url_as, role: str, schema: str
) -> None:
    admin = database_url.replace("postgresql+psycopg://", "postgresql://")
    owner = next(s.role for s in SERVICE_ROLES.values() if schema in s.schemas)
    table = sql.Identifier(schema, "guarded")
    with psycopg.connect(url_as(admin, owner), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (id int)").format(table))
    reads = role in STAR_READERS and schema in ANALYST_SCHEMAS  # quality measures the star
    with psycopg.connect(url_as(admin, role), autocommit=True) as intruder:
        if reads:
            assert intruder.execute(sql.SQL("SELECT * FROM {}").format(table)).fetchall() == []
        for statement in ("SELECT * FROM {}", "INSERT INTO {} VALUES (1)", "DROP TABLE {}"):
            if reads and statement.startswith("SELECT"):
                continue
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                intruder.execute(sql.SQL(statement).format(table))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            intruder.execute(
                sql.SQL("CREATE TABLE {} (id int)").format(sql.Identifier(schema, "x"))
            )


def test_the_analyst_role_is_not_a_superuser_nor_can_it_make_roles(infrastructure: Stack) -> None:
    with psycopg.connect(infrastructure.database_url()) as connection:
        powers = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)"
            " AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)",
            (login_roles(),),
        ).fetchall()
    assert powers == [], f"roles with administrator powers: {powers}"
    assert ANALYST_ROLE in login_roles()


def test_a_server_an_older_version_left_on_trust_gets_passwords(tmp_path: Path) -> None:
    home = data_home(tmp_path / ".olist-dw") / "pg"  # where the server's own user can reach
    server = PostgresServer(
        home / "data", home / "postgres.log", home / "socket", passwords={SUPERUSER: "pw-1"}
    )
    try:
        server.init()
        (server.data_dir / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
        server.start(fast_and_unsafe=True)
        anyone = f"host=127.0.0.1 port={server.port} dbname=postgres user={SUPERUSER}"
        psycopg.connect(anyone).close()  # as an older version left it
        server.require_passwords()
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(anyone, connect_timeout=5).close()
        psycopg.connect(server.url(database="postgres")).close()
    finally:
        server.stop(mode="immediate")
        shutil.rmtree(home, ignore_errors=True)
