"""Event translation: Fulfillment domain events -> integration events in the contract
envelope (contracts/fulfillment.py)."""

from __future__ import annotations

from collections.abc import Callable

from services.chassis.events import envelope_translator
from services.fulfillment.domain.events import (
    DeliveryCompleted,
    DeliveryDelayed,
    ShipmentDispatched,
    ZipAreaLocated,
)
from shared_kernel import DomainEvent


def _dispatched(event: ShipmentDispatched) -> dict:
    return {
        "order_id": event.order_id,
        "seller_id": event.seller_id,
        "shipping_limit_at": event.shipping_limit_at,
        "dispatched_at": event.occurred_at,
        "handed_off_late": event.handed_off_late,
        "distance_km": event.distance_km,
        "origin_zip_code_prefix": event.origin_zip_code_prefix,
        "destination_zip_code_prefix": event.destination_zip_code_prefix,
    }


def _completed(event: DeliveryCompleted) -> dict:
    return {
        "order_id": event.order_id,
        "purchased_at": event.purchased_at,
        "delivered_at": event.occurred_at,
        "estimated_at": event.estimated_at,
        "delivery_days": event.delivery_days,
        "days_late": event.days_late,
        "is_late": event.is_late,
    }


def _delayed(event: DeliveryDelayed) -> dict:
    return {
        "order_id": event.order_id,
        "estimated_at": event.estimated_at,
        "delivered_at": event.occurred_at,
        "days_late": event.days_late,
    }


def _located(event: ZipAreaLocated) -> dict:
    return {
        "zip_code_prefix": event.zip_code_prefix,
        "city": event.city,
        "state": event.state,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "points_used": event.points_used,
        "points_discarded": event.points_discarded,
    }


PAYLOADS: dict[type, Callable] = {
    ShipmentDispatched: _dispatched,
    DeliveryCompleted: _completed,
    DeliveryDelayed: _delayed,
    ZipAreaLocated: _located,
}


def provenance_key(event: DomainEvent) -> tuple:
    """Which source row an event comes from: the order's, the seller's first item's, or
    none for a zip area (it is made of many geolocation rows)."""
    if isinstance(event, ShipmentDispatched):
        return ("shipment", event.order_id, event.seller_id)
    if isinstance(event, (DeliveryCompleted, DeliveryDelayed)):
        return ("order", event.order_id)
    return ("zip", getattr(event, "zip_code_prefix", None))


def translator(source_of: Callable[[tuple], tuple[str, int] | None]):
    return envelope_translator(PAYLOADS, lambda event: source_of(provenance_key(event)))
