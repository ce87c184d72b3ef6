"""`olist-dw migrate`, the Helm chart's migrations hook Job: what `olist-dw up` does to a
database before the services start, against a cluster's PostgreSQL.

1. wait until PostgreSQL accepts the administrator (OLIST_DW_MIGRATE_WAIT_SECONDS);
2. the administrator's bootstrap: roles, schemas, grants (olist_dw/database.py, ADR 2);
3. each role's password, from OLIST_DW_PASSWORD_<SERVICE> (sent as a SCRAM verifier, so
   the clear password appears in no server log);
4. each service's schema migrations (OLIST_DW_MIGRATE_SERVICES), as that service's role,
   with the same folders and function the service applies at start
   (services/chassis/service.py), so that a failing migration stops the release.

Environment: OLIST_DW_ADMIN_URL (postgresql://USER@HOST:PORT/DB, no password),
OLIST_DW_ADMIN_PASSWORD, OLIST_DW_PASSWORD_<NAME> for sales, marketplace, customer,
fulfillment, reporting, loader and analyst (absent: the role keeps its password),
PGSSLMODE.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL, make_url

from olist_dw.database import ANALYST_ROLE, SERVICE_ROLES, bootstrap, set_passwords
from services.chassis.database import make_engine
from services.chassis.migrations import CHASSIS_MIGRATIONS, migrate
from services.chassis.service import Service

log = logging.getLogger("olist-dw.migrations")


@dataclass(frozen=True)
class SchemaMigrations:
    """The migrations a service applies at start: into `schema`, component -> folder."""

    service: str
    schema: str
    folders: dict[str, Path]


def declared_service(name: str) -> Service:
    """The service's declaration, from its composition root (`python -m services.<name>`)."""
    module = importlib.import_module(f"services.{name}.__main__")
    found = [value for value in vars(module).values() if isinstance(value, Service)]
    if len(found) != 1 or found[0].name != name:
        raise RuntimeError(f"services.{name}.__main__ declares no single Service named {name}")
    return found[0]


def schema_migrations(service: Service) -> list[SchemaMigrations]:
    """What build_app applies at start, in the same order."""
    folders = {service.name: service.migrations}
    if service.has_imports:
        folders["chassis"] = CHASSIS_MIGRATIONS
    plans = [SchemaMigrations(service.name, service.schema, folders)]
    for schema, folder in service.extra_schemas.items():
        plans.append(SchemaMigrations(service.name, schema, {service.name: folder}))
    return plans


def role_passwords(environ: Mapping[str, str]) -> dict[str, str]:
    """role -> password, for the roles whose password the environment carries."""
    roles = {name: role.role for name, role in SERVICE_ROLES.items()}
    roles["analyst"] = ANALYST_ROLE
    passwords = {}
    for name, role in roles.items():
        password = environ.get(f"OLIST_DW_PASSWORD_{name.upper()}")
        if password:
            passwords[role] = password
    return passwords


def wait_for_database(conninfo: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(conninfo, connect_timeout=5).close()
            return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                message = f"PostgreSQL refused connections for {seconds:.0f} s: {error}"
                raise RuntimeError(message) from error
            log.info("waiting for PostgreSQL: %s", str(error).strip().splitlines()[0])
            time.sleep(2)


def role_url(admin: URL, role: str, password: str | None) -> str:
    url = admin.set(drivername="postgresql+psycopg", username=role, password=password)
    return url.render_as_string(hide_password=False)


def migrate_service(admin: URL, name: str, passwords: Mapping[str, str]) -> list[str]:
    role = SERVICE_ROLES[name].role
    engine = make_engine(role_url(admin, role, passwords.get(role)), pool_size=1)
    try:
        applied = []
        for plan in schema_migrations(declared_service(name)):
            applied += migrate(engine, plan.schema, plan.folders)
        return applied
    finally:
        engine.dispose()


def run(environ: Mapping[str, str]) -> None:
    admin = make_url(environ["OLIST_DW_ADMIN_URL"]).set(
        password=environ.get("OLIST_DW_ADMIN_PASSWORD") or None
    )
    conninfo = admin.render_as_string(hide_password=False)
    wait_for_database(conninfo, float(environ.get("OLIST_DW_MIGRATE_WAIT_SECONDS", "300")))
    bootstrap(conninfo)
    passwords = role_passwords(environ)
    set_passwords(conninfo, passwords)
    log.info("roles and schemas ready; passwords set for %s", ", ".join(sorted(passwords)))
    services = [name for name in environ.get("OLIST_DW_MIGRATE_SERVICES", "").split(",") if name]
    for name in services:
        applied = migrate_service(admin, name, passwords)
        log.info("%s: %s", name, ", ".join(applied) if applied else "up to date")


def main(environ: Mapping[str, str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        run(environ)
    except Exception as error:  # one line for `kubectl logs`, then the traceback
        log.exception("migrations failed: %s", error)
        return 1
    return 0
