"""The audit schema, made by the bootstrap (olist_dw/database.py) as the administrator.

Nobody but the administrator holds a privilege on the table: the services, the loader and
the command line append through `audit.record(actor, action, detail)`, a SECURITY DEFINER
function that serializes writers, chains each entry to the one before (SHA-256 of the
previous hash and the entry's canonical text, chain.py) and returns the entry's id.
"""

from __future__ import annotations

from psycopg import sql

AUDIT_SQL = r"""
CREATE SCHEMA IF NOT EXISTS audit;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
CREATE TABLE IF NOT EXISTS audit.entry (
    id bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    detail text NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL
);
REVOKE ALL ON audit.entry FROM PUBLIC;
CREATE OR REPLACE FUNCTION audit.canonical(
    id bigint, at timestamptz, actor text, action text, detail text
) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(
        id::text || '|' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        || '|' || actor || '|' || action || '|' || detail, 'UTF8')
$$;
CREATE OR REPLACE FUNCTION audit.record(actor text, action text, detail text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, audit AS $$
DECLARE
    last audit.entry;
    next_id bigint;
    moment timestamptz := clock_timestamp();
    previous bytea;
BEGIN
    LOCK TABLE audit.entry IN SHARE ROW EXCLUSIVE MODE;
    SELECT * INTO last FROM audit.entry ORDER BY id DESC LIMIT 1;
    next_id := coalesce(last.id, 0) + 1;
    previous := coalesce(last.hash, '\x'::bytea || decode(repeat('00', 32), 'hex'));
    INSERT INTO audit.entry VALUES (
        next_id, moment, actor, action, detail, previous,
        sha256(previous || audit.canonical(next_id, moment, actor, action, detail)));
    RETURN next_id;
END $$;
REVOKE ALL ON FUNCTION audit.record(text, text, text) FROM PUBLIC;
"""


def grant_record(role: str) -> sql.Composed:
    return sql.SQL(
        "GRANT USAGE ON SCHEMA audit TO {role}; "
        "GRANT EXECUTE ON FUNCTION audit.record(text, text, text) TO {role}"
    ).format(role=sql.Identifier(role))
