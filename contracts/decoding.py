"""Reading an integration event off the wire into its typed envelope."""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson

from contracts.envelope import EventEnvelope
from contracts.registry import latest_version, payload_model
from contracts.upcasting import MissingUpcaster
from contracts.upcasting import upcast as upcast_payload


class UnreadableEvent(ValueError):
    """Not an event of a known type and version: goes to the dead-letter stream."""


@cache
def envelope_model(event_type: str, schema_version: int) -> type[EventEnvelope[Any]]:
    payload = payload_model(event_type, schema_version)
    model: type[EventEnvelope[Any]] = EventEnvelope[payload]  # type: ignore[valid-type]
    return model


def decode(data: bytes, upcast: bool = True) -> EventEnvelope[Any]:
    """The envelope of a message. With `upcast` (the default) an older version comes back
    as the latest registered one: its payload upcast, `schema_version` the latest, the
    `event_id` and the rest of the envelope as written. Without, as written."""
    try:
        raw = orjson.loads(data)
        if upcast:
            raw = _as_latest(raw)
        model = envelope_model(raw["event_type"], raw["schema_version"])
    except (orjson.JSONDecodeError, KeyError, TypeError, MissingUpcaster) as error:
        raise UnreadableEvent(f"not an olist-dw event: {error}") from error
    return model.model_validate(raw)


def _as_latest(raw: dict[str, Any]) -> dict[str, Any]:
    event_type, version = raw["event_type"], raw["schema_version"]
    latest = latest_version(event_type)
    if version >= latest:
        return raw
    payload = upcast_payload(event_type, version, raw["payload"], latest)
    return {**raw, "schema_version": latest, "payload": payload}
