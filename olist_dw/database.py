"""Roles and schemas of the warehouse database: one role per service, owning only its
schemas, and a read-only analyst role on the star schema and the marts (Quality reads the
star schema as the analysts do, to measure it); the audit log,
which every service role may append to and none may read or change.

Run once per database by an administrator (`olist-dw up` locally, a Helm hook Job on
Kubernetes). Idempotent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import psycopg
from psycopg import sql

from olist_dw.audit.schema import AUDIT_SQL, grant_record


@dataclass(frozen=True)
class ServiceRole:
    role: str
    schemas: tuple[str, ...]


SERVICE_ROLES = {
    "sales": ServiceRole("olist_sales", ("sales",)),
    "marketplace": ServiceRole("olist_marketplace", ("marketplace",)),
    "customer": ServiceRole("olist_customer", ("customer",)),
    "fulfillment": ServiceRole("olist_fulfillment", ("fulfillment",)),
    "reporting": ServiceRole("olist_reporting", ("dw", "mart", "reporting")),
    "loader": ServiceRole("olist_loader", ("loader",)),
    "quality": ServiceRole("olist_quality", ("quality",)),
}
ANALYST_ROLE = "olist_analyst"
ANALYST_SCHEMAS = ("dw", "mart")
STAR_READERS = (ANALYST_ROLE, SERVICE_ROLES["quality"].role)  # SELECT on ANALYST_SCHEMAS


def role_of(service: str) -> str:
    return SERVICE_ROLES[service].role


def login_roles() -> list[str]:
    """Every role that signs in: the services' and the analysts'."""
    return [*(service.role for service in SERVICE_ROLES.values()), ANALYST_ROLE]


def bootstrap(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(hashtext('olist-dw bootstrap'))")
        for service in SERVICE_ROLES.values():
            _ensure_role(connection, service.role)
            role = sql.Identifier(service.role)
            for schema in map(sql.Identifier, service.schemas):
                connection.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(schema, role)
                )
                connection.execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(schema, role))
        _ensure_role(connection, ANALYST_ROLE)
        analyst = sql.Identifier(ANALYST_ROLE)
        connection.execute(
            sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(analyst)
        )
        owner = sql.Identifier(SERVICE_ROLES["reporting"].role)
        for star_schema, reader in ((s, r) for s in ANALYST_SCHEMAS for r in STAR_READERS):
            _grant_reading(connection, sql.Identifier(star_schema), owner, sql.Identifier(reader))
        connection.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        connection.execute(AUDIT_SQL)
        for service in SERVICE_ROLES.values():
            connection.execute(grant_record(service.role))
        connection.execute("SELECT pg_advisory_unlock(hashtext('olist-dw bootstrap'))")


def _ensure_role(connection: psycopg.Connection, role: str) -> None:
    exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if not exists:
        connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))


def set_passwords(conninfo: str, passwords: Mapping[str, str]) -> None:
    """Each role's password, sent as its SCRAM verifier (the password itself never reaches
    the server, nor its log)."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for role, password in passwords.items():
            verifier = connection.pgconn.encrypt_password(
                password.encode(), role.encode(), b"scram-sha-256"
            )
            connection.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(verifier.decode())
                )
            )


def _grant_reading(
    connection: psycopg.Connection,
    schema: sql.Identifier,
    owner: sql.Identifier,
    reader: sql.Identifier,
) -> None:
    connection.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, reader))
    connection.execute(
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, reader)
    )
    connection.execute(
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT ON TABLES TO {}"
        ).format(owner, schema, reader)
    )
