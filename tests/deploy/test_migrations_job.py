"""`olist-dw migrate`, the migrations hook Job's command, run as the Job runs it, against the real PostgreSQL of the test run: roles and schemas, the passwords as SCRAM
verifiers, every service's migrations applied as its own role, and a second run a no-op."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from olist_dw.database import ANALYST_ROLE, SERVICE_ROLES
from olist_dw.runtime.stack import Stack
from services.chassis.migrations import discover
from tests.deploy.chart import PROJECT_ROOT, SERVICES

MIGRATE = [str(Path(sys.executable).parent / "olist-dw"), "migrate"]


@pytest.fixture(scope="module")
def fresh_database(infrastructure: Stack) -> Iterator[str]:
    """An empty database on the test server: its administrator URL."""
    name = f"helm_{uuid.uuid4().hex[:10]}"
    admin = infrastructure.database_url()
    server = admin.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def passwords(infrastructure: Stack) -> dict[str, str]:
    """The Job's password settings (OLIST_DW_PASSWORD_<NAME>): the test server's own, since
    the roles are the server's, shared by every test."""
    roles = {**{s: SERVICE_ROLES[s].role for s in SERVICES}, "analyst": ANALYST_ROLE}
    return {name: infrastructure.credentials.postgres[role] for name, role in roles.items()}


def run_job(admin_url: str, passwords: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OLIST_DW_ADMIN_URL": admin_url,
        "OLIST_DW_MIGRATE_SERVICES": ",".join(SERVICES),
        "OLIST_DW_MIGRATE_WAIT_SECONDS": "10",
        **{f"OLIST_DW_PASSWORD_{name.upper()}": password for name, password in passwords.items()},
    }
    return subprocess.run(
        MIGRATE,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def first_run(fresh_database: str, passwords: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_job(fresh_database, passwords)


def schema_of(service: str) -> str:
    return "dw" if service == "reporting" else service


def applied_versions(admin_url: str, schema: str) -> set[tuple[str, int]]:
    with psycopg.connect(admin_url) as connection:
        rows = connection.execute(f'SELECT component, version FROM "{schema}".schema_migration')
        return {(component, version) for component, version in rows}


def table_owners(admin_url: str, schema: str) -> set[str]:
    with psycopg.connect(admin_url) as connection:
        rows = connection.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = %s", (schema,)
        )
        return {owner for (owner,) in rows}


def expected_versions(service: str) -> set[tuple[str, int]]:
    folder = PROJECT_ROOT / "services" / service / "adapters" / "migrations"
    versions = {(service, m.version) for m in discover(folder)}
    if service != "reporting":  # the contexts also get the chassis tables (outbox, ...)
        chassis = PROJECT_ROOT / "services" / "chassis" / "migrations"
        versions |= {("chassis", m.version) for m in discover(chassis)}
    return versions


def test_the_job_bootstraps_sets_passwords_and_migrates_every_service(
    fresh_database: str, first_run: subprocess.CompletedProcess[str]
) -> None:
    assert first_run.returncode == 0, first_run.stderr
    for service in SERVICES:
        schema = schema_of(service)
        assert applied_versions(fresh_database, schema) == expected_versions(service), service
        # tables belong to the service's role, not to the administrator who ran the Job
        assert table_owners(fresh_database, schema) == {SERVICE_ROLES[service].role}, service
    with psycopg.connect(fresh_database) as connection:
        verifiers = dict(
            connection.execute(
                "SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY(%s)",
                ([SERVICE_ROLES[s].role for s in SERVICES] + [ANALYST_ROLE],),
            ).fetchall()
        )
    assert len(verifiers) == len(SERVICES) + 1
    assert all(v.startswith("SCRAM-SHA-256$") for v in verifiers.values()), verifiers


def test_a_second_run_changes_nothing(
    fresh_database: str, first_run: subprocess.CompletedProcess[str], passwords: dict[str, str]
) -> None:
    assert first_run.returncode == 0, first_run.stderr
    before = {s: applied_versions(fresh_database, schema_of(s)) for s in SERVICES}
    again = run_job(fresh_database, passwords)
    assert again.returncode == 0, again.stderr
    assert again.stderr.count(": up to date") == len(SERVICES), again.stderr
    assert {s: applied_versions(fresh_database, schema_of(s)) for s in SERVICES} == before


def test_an_unreachable_database_fails_the_job_with_one_clear_line(tmp_path: Path) -> None:
    env_url = "postgresql://postgres@127.0.0.1:1/olist"
    result = subprocess.run(
        MIGRATE,
        capture_output=True,
        text=True,
        env={**os.environ, "OLIST_DW_ADMIN_URL": env_url, "OLIST_DW_MIGRATE_WAIT_SECONDS": "0"},
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "migrations failed: PostgreSQL refused connections for 0 s" in result.stderr
