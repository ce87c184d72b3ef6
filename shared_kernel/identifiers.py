from __future__ import annotations

import hashlib
import uuid

# Fixed namespace of olist-dw: the same natural key always gives the same id, on any machine.
OLIST_DW_NAMESPACE = uuid.UUID("5b0d8f1e-4c55-4d0b-9a57-0a1d7e0c2f11")
_NAMESPACE_BYTES = OLIST_DW_NAMESPACE.bytes


def deterministic_uuid(*parts: object) -> uuid.UUID:
    """A UUIDv5 of the parts: used for event ids, so a replay gives the same ids (dedup)."""
    return uuid.UUID(deterministic_id(*parts))


def deterministic_id(*parts: object) -> str:
    """`str(deterministic_uuid(*parts))`, computed without building a UUID object (the
    event id of every one of hundreds of thousands of events per load)."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + "|".join(map(str, parts)).encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
