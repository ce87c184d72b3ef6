"""The shipped copy of the audit log names what the database no longer holds as shipped."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from olist_dw.audit.chain import GENESIS, Entry, canonical
from olist_dw.audit.shipment import ShipmentRefused, disagreements, ship, shipped


def chain(*actions: str) -> list[Entry]:
    found, previous = [], GENESIS
    for n, action in enumerate(actions, start=1):
        entry = Entry(
            n, datetime(2026, 12, 7, 12, n, tzinfo=UTC), "cli:x", action, "{}", previous, b""
        )
        entry = replace(entry, hash=hashlib.sha256(previous + canonical(entry)).digest())
        found.append(entry)
        previous = entry.hash
    return found


def test_a_shipment_round_trips_and_appends_only_what_is_new(tmp_path: Path) -> None:
    copy = tmp_path / "audit.jsonl"
    assert ship(chain("a", "b"), copy) == 2
    assert ship(chain("a", "b", "c"), copy) == 1
    assert shipped(copy) == chain("a", "b", "c")


def test_an_entry_deleted_or_rewritten_after_shipping_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "audit.jsonl"
    ship(chain("a", "b", "c"), copy)
    assert disagreements(shipped(copy), chain("a", "b")) == [
        "entry 3: shipped, but no longer in the database (c)"
    ]
    assert disagreements(shipped(copy), chain("a", "x", "c")) == [
        "entry 2: differs from the shipped copy (b)",
        "entry 3: differs from the shipped copy (c)",
    ]
    with pytest.raises(ShipmentRefused, match="entry 2"):
        ship(chain("a", "x", "c", "d"), copy)
    assert len(shipped(copy)) == 3
