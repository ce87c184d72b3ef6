"""Shipping the audit log off the host: its entries appended, as JSON lines, to a copy the
database's superuser cannot reach (a mounted WORM bucket, a log host's share). A chain
rewritten whole from its first entry still verifies in the database; against the shipped
copy, every rewritten entry is named.

The copy is only ever appended to. A shipment first checks that the entries already
shipped are still the database's, so a rewritten chain is not shipped on top of the truth."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from olist_dw.audit.chain import Entry


class ShipmentRefused(RuntimeError):
    pass


def line_of(entry: Entry) -> str:
    return json.dumps(
        {
            "id": entry.id,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "detail": entry.detail,
            "prev_hash": entry.prev_hash.hex(),
            "hash": entry.hash.hex(),
        },
        sort_keys=True,
    )


def shipped(copy: Path) -> list[Entry]:
    if not copy.exists():
        return []
    found = []
    for line in copy.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            found.append(
                Entry(
                    row["id"],
                    datetime.fromisoformat(row["at"]),
                    row["actor"],
                    row["action"],
                    row["detail"],
                    bytes.fromhex(row["prev_hash"]),
                    bytes.fromhex(row["hash"]),
                )
            )
    return found


def disagreements(copy: Sequence[Entry], database: Sequence[Entry]) -> list[str]:
    """Each shipped entry the database no longer holds as it was shipped."""
    held = {entry.id: entry for entry in database}
    found = []
    for entry in copy:
        now = held.get(entry.id)
        if now is None:
            found.append(
                f"entry {entry.id}: shipped, but no longer in the database ({entry.action})"
            )
        elif now.hash != entry.hash:
            found.append(f"entry {entry.id}: differs from the shipped copy ({entry.action})")
    return found


def ship(database: Sequence[Entry], copy: Path) -> int:
    """Append the entries not shipped yet; how many. Refused when the database disagrees
    with what was shipped before."""
    before = shipped(copy)
    if problems := disagreements(before, database):
        raise ShipmentRefused("; ".join(problems))
    last = before[-1].id if before else 0
    new = [entry for entry in database if entry.id > last]
    if new:
        descriptor = os.open(copy, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a") as out:
            out.writelines(line_of(entry) + "\n" for entry in new)
            out.flush()
            os.fsync(out.fileno())
    return len(new)
