"""Every published event type and version, with its payload model."""
from __future__ import annotations

from pydantic import BaseModel

from contracts import sales

EVENTS: dict[tuple[str, int], type[BaseModel]] = {
    ("sales.order.placed", 1): sales.OrderPlacedV1,
    ("sales.order.approved", 1): sales.OrderApprovedV1,
    ("sales.payment.received", 1): sales.PaymentReceivedV1,
    ("sales.order.cancelled", 1): sales.OrderCancelledV1,
}

IMPORT_RECORDS: dict[str, type[BaseModel]] = {
    "sales.order": sales.OrderRecord,
    "sales.order_item": sales.OrderItemRecord,
    "sales.payment": sales.PaymentRecord,
}


def payload_model(event_type: str, schema_version: int) -> type[BaseModel]:
    try:
        return EVENTS[(event_type, schema_version)]
    except KeyError:
        raise KeyError(f"unknown event {event_type} v{schema_version}") from None
