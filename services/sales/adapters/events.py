"""Event translation: Sales domain events -> integration events in the contract envelope."""

from __future__ import annotations

from collections.abc import Callable

from services.chassis.events import envelope_translator
from services.sales.domain.events import (
    OrderApproved,
    OrderCancelled,
    OrderPlaced,
    OrderStatusRecorded,
    PaymentReceived,
)
from shared_kernel import DomainEvent


def _placed(event: OrderPlaced) -> dict:
    return {
        "order_id": event.order_id,
        "customer_id": event.customer_id,
        "purchased_at": event.occurred_at,
        "estimated_delivery_at": event.estimated_delivery_at,
        "items": [
            {
                "order_item_id": i.item_number,
                "product_id": i.product_id,
                "seller_id": i.seller_id,
                "shipping_limit_at": i.shipping_limit_at,
                "price": str(i.price.amount),
                "freight_value": str(i.freight.amount),
            }
            for i in event.items
        ],
    }


def _approved(event: OrderApproved) -> dict:
    return {"order_id": event.order_id, "approved_at": event.occurred_at, "status": event.status}


def _paid(event: PaymentReceived) -> dict:
    return {
        "order_id": event.order_id,
        "payment_sequential": event.sequential,
        "payment_type": event.payment_type,
        "payment_installments": event.installments,
        "payment_value": str(event.value.amount),
    }


def _cancelled(event: OrderCancelled) -> dict:
    return {"order_id": event.order_id, "status": event.status}


def _status_recorded(event: OrderStatusRecorded) -> dict:
    return {"order_id": event.order_id, "status": event.status}


PAYLOADS: dict[type, Callable] = {
    OrderPlaced: _placed,
    OrderApproved: _approved,
    PaymentReceived: _paid,
    OrderCancelled: _cancelled,
    OrderStatusRecorded: _status_recorded,
}


def provenance_key(event: DomainEvent) -> tuple[str | int, ...]:
    if isinstance(event, PaymentReceived):
        return ("payment", event.order_id, event.sequential)
    assert isinstance(event, (OrderPlaced, OrderApproved, OrderCancelled, OrderStatusRecorded))
    return ("order", event.order_id)


def translator(source_of: Callable[[tuple], tuple[str, int] | None]):
    return envelope_translator(PAYLOADS, lambda event: source_of(provenance_key(event)))
