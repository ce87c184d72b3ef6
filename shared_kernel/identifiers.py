from __future__ import annotations

import uuid

# Fixed namespace of olist-dw: the same natural key always gives the same id, on any machine.
OLIST_DW_NAMESPACE = uuid.UUID("5b0d8f1e-4c55-4d0b-9a57-0a1d7e0c2f11")


def deterministic_uuid(*parts: object) -> uuid.UUID:
    """A UUIDv5 of the parts: used for event ids, so a replay gives the same ids (dedup)."""
    return uuid.uuid5(OLIST_DW_NAMESPACE, "|".join(str(part) for part in parts))
