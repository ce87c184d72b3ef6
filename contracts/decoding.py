"""Reading an integration event off the wire into its typed envelope."""
from __future__ import annotations

from functools import cache

import orjson
from pydantic import BaseModel

from contracts.envelope import EventEnvelope
from contracts.registry import payload_model


class UnreadableEvent(ValueError):
    """Not an event of a known type and version: goes to the dead-letter stream."""


@cache
def envelope_model(event_type: str, schema_version: int) -> type[BaseModel]:
    return EventEnvelope[payload_model(event_type, schema_version)]


def decode(data: bytes) -> EventEnvelope:
    try:
        raw = orjson.loads(data)
        model = envelope_model(raw["event_type"], raw["schema_version"])
    except (orjson.JSONDecodeError, KeyError, TypeError) as error:
        raise UnreadableEvent(f"not an olist-dw event: {error}") from error
    return model.model_validate(raw)
