"""The erasures done, kept outside the database and the streams (a restore brings back the
database as it was): one tag per person, an HMAC of their pseudonym, which names nobody to
whoever lacks the key, and which a restore looks for among the people it recovered."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import UTC, datetime
from pathlib import Path


def ledger_file(home: Path) -> Path:
    return home / "auth" / "erasures.jsonl"


def tag_of(key: str, person: str) -> str:
    return hmac.new(key.encode(), f"erasure|{person}".encode(), hashlib.sha256).hexdigest()


def erased_tags(home: Path) -> set[str]:
    try:
        lines = ledger_file(home).read_text().splitlines()
    except OSError:
        return set()
    return {json.loads(line)["tag"] for line in lines if line.strip()}


def note(home: Path, tag: str) -> bool:
    """Record an erasure once; whether it is new."""
    if tag in erased_tags(home):
        return False
    path = ledger_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a") as out:
        out.write(json.dumps({"tag": tag, "at": datetime.now(UTC).isoformat()}) + "\n")
    return True
