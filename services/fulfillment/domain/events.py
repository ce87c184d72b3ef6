from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared_kernel import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ShipmentDispatched(DomainEvent):
    """A seller's part of an order was handed to the carrier (occurred_at = hand-off), on
    its route from the seller's zip area (origin) to the customer's (destination).

    Version 2 added the route's zip prefixes (docs/events.md, Schema evolution)."""

    event_type = "fulfillment.shipment.dispatched"
    schema_version = 2
    natural_key_fields = ("order_id", "seller_id")

    order_id: str
    seller_id: str
    shipping_limit_at: datetime
    handed_off_late: bool
    distance_km: float | None
    origin_zip_code_prefix: str | None
    destination_zip_code_prefix: str | None


@dataclass(frozen=True, kw_only=True)
class DeliveryCompleted(DomainEvent):
    """The customer received the order (occurred_at = delivery)."""

    event_type = "fulfillment.delivery.completed"
    natural_key_fields = ("order_id",)

    order_id: str
    purchased_at: datetime
    estimated_at: datetime | None
    delivery_days: int
    days_late: int
    is_late: bool


@dataclass(frozen=True, kw_only=True)
class DeliveryDelayed(DomainEvent):
    """The order arrived after its estimated day (occurred_at = delivery)."""

    event_type = "fulfillment.delivery.delayed"
    natural_key_fields = ("order_id",)

    order_id: str
    estimated_at: datetime
    days_late: int


@dataclass(frozen=True, kw_only=True)
class ZipAreaLocated(DomainEvent):
    """Where a zip code prefix is (occurred_at = the reference time: geography has none)."""

    event_type = "fulfillment.zip_area.located"
    natural_key_fields = ("zip_code_prefix",)

    zip_code_prefix: str
    city: str
    state: str
    latitude: float | None
    longitude: float | None
    points_used: int
    points_discarded: int
