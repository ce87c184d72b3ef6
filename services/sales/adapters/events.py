"""Event translation: Sales domain events -> integration events in the contract envelope."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import orjson

from contracts.envelope import subject_for
from services.chassis.jetstream import OutboundMessage
from services.sales.domain.events import (
    OrderApproved, OrderCancelled, OrderPlaced, PaymentReceived,
)
from shared_kernel import DomainEvent

Provenance = Callable[[tuple], tuple[str, int] | None]


def _placed(event: OrderPlaced) -> dict:
    return {
        "order_id": event.order_id, "customer_id": event.customer_id,
        "purchased_at": event.occurred_at, "estimated_delivery_at": event.estimated_delivery_at,
        "items": [{"order_item_id": i.item_number, "product_id": i.product_id,
                   "seller_id": i.seller_id, "shipping_limit_at": i.shipping_limit_at,
                   "price": str(i.price.amount), "freight_value": str(i.freight.amount)}
                  for i in event.items],
    }


def _approved(event: OrderApproved) -> dict:
    return {"order_id": event.order_id, "approved_at": event.occurred_at, "status": event.status}


def _paid(event: PaymentReceived) -> dict:
    return {"order_id": event.order_id, "payment_sequential": event.sequential,
            "payment_type": event.payment_type, "payment_installments": event.installments,
            "payment_value": str(event.value.amount)}


def _cancelled(event: OrderCancelled) -> dict:
    return {"order_id": event.order_id, "status": event.status}


PAYLOADS: dict[type, Callable] = {
    OrderPlaced: _placed, OrderApproved: _approved, PaymentReceived: _paid,
    OrderCancelled: _cancelled,
}


def provenance_key(event: DomainEvent) -> tuple:
    if isinstance(event, PaymentReceived):
        return ("payment", event.order_id, event.sequential)
    return ("order", event.order_id)


def translator(provenance: Provenance) -> Callable[[DomainEvent, str], OutboundMessage]:
    def translate(event: DomainEvent, load_id: str) -> OutboundMessage:
        event_id = str(event.event_id)
        source = provenance(provenance_key(event))
        envelope = {
            "event_id": event_id, "event_type": event.event_type,
            "schema_version": event.schema_version, "occurred_at": event.occurred_at,
            "recorded_at": datetime.now(timezone.utc), "load_id": load_id,
            "source": {"file": source[0], "row": source[1]} if source else None,
            "payload": PAYLOADS[type(event)](event),
        }
        return OutboundMessage(event_id, subject_for(event.event_type, event.schema_version),
                               orjson.dumps(envelope))
    return translate
