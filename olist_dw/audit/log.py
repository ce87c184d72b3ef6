"""Writing and reading the audit log through psycopg (the command line's side)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Mapping

import psycopg

from olist_dw.audit.chain import Entry, problems


def record(conninfo: str, actor: str, action: str, detail: Mapping[str, object]) -> int:
    with psycopg.connect(conninfo, autocommit=True) as connection:
        row = connection.execute(
            "SELECT audit.record(%s, %s, %s)",
            (actor, action, json.dumps(dict(detail), sort_keys=True, default=str)),
        ).fetchone()
    assert row is not None
    return int(row[0])


def entries(conninfo: str) -> list[Entry]:
    with psycopg.connect(conninfo) as connection:
        rows = connection.execute(
            "SELECT id, at, actor, action, detail, prev_hash, hash FROM audit.entry ORDER BY id"
        ).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], bytes(r[5]), bytes(r[6])) for r in rows]


def verify(conninfo: str) -> tuple[int, list[str]]:
    """(entries read, what is wrong with their chain)."""
    found = entries(conninfo)
    return len(found), problems(found)


def actor() -> str:
    """Who ran the command: the operating-system user, as the command line knows them."""
    return f"cli:{getpass.getuser()}"
