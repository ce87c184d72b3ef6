"""Pseudonymous identifiers of people: a keyed hash (HMAC-SHA-256) of the identifier, the
same for the same key and identifier on any machine (loads stay idempotent, joins still
match), and of no use to anyone without the key (docs/adr/0013-personal-data.md)."""

from __future__ import annotations

import hashlib
import hmac

# as long as an Olist id: 32 lowercase hexadecimal digits (128 bits of the digest)
PSEUDONYM_LENGTH = 32


def pseudonym(key: bytes, identifier: str) -> str:
    return hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]
