"""The chain, checked without trusting the database: each entry's hash recomputed from its
fields and the hash before it, the ids consecutive from 1."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = bytes(32)


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    action: str
    detail: str
    prev_hash: bytes
    hash: bytes


def canonical(entry: Entry) -> bytes:
    """As audit.canonical() writes it (olist_dw/audit/schema.py)."""
    moment = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{entry.id}|{moment}|{entry.actor}|{entry.action}|{entry.detail}".encode()


def problems(entries: Iterable[Entry]) -> list[str]:
    """What is wrong with the chain, entry by entry (empty: intact)."""
    found: list[str] = []
    expected_id, previous = 1, GENESIS
    for entry in entries:
        if entry.id != expected_id:
            found.append(f"entry {entry.id}: expected entry {expected_id} here (deleted or moved)")
        if entry.prev_hash != previous:
            found.append(f"entry {entry.id}: does not follow the entry before it")
        if hashlib.sha256(entry.prev_hash + canonical(entry)).digest() != entry.hash:
            found.append(f"entry {entry.id}: its contents were changed ({entry.action})")
        expected_id, previous = entry.id + 1, entry.hash
    return found
