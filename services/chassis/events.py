"""Domain event -> integration event: the contract envelope around a context's payload."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import orjson

from contracts.envelope import subject_for
from services.chassis.jetstream import OutboundMessage
from shared_kernel import DomainEvent

PayloadOf = Callable[[DomainEvent], dict]
Provenance = Callable[[DomainEvent], tuple[str, int] | None]


def envelope_translator(
    payloads: Mapping[type, PayloadOf],
    provenance: Provenance = lambda event: None,
) -> Callable[[DomainEvent, str], OutboundMessage]:
    """A translator for the unit of work: `payloads` maps each domain event class to the
    function building its contract payload (a dict orjson can write: str, int, bool, None,
    datetime, lists and dicts of those; money as a 2-decimal string)."""

    def translate(event: DomainEvent, load_id: str) -> OutboundMessage:
        event_id = event.event_id
        source = provenance(event)
        envelope = {
            "event_id": event_id,
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "occurred_at": event.occurred_at,
            "recorded_at": datetime.now(UTC),
            "load_id": load_id,
            "source": {"file": source[0], "row": source[1]} if source else None,
            "payload": payloads[type(event)](event),
        }
        return OutboundMessage(
            event_id, subject_for(event.event_type, event.schema_version), orjson.dumps(envelope)
        )

    return translate
