"""The Shipment aggregate: one seller's part of an order, from the seller's zip area to
the customer's, handed to the carrier by a shipping limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.fulfillment.domain.errors import FulfillmentRuleViolation
from services.fulfillment.domain.events import ShipmentDispatched
from services.fulfillment.domain.geography import ZipArea
from shared_kernel import DateRange


@dataclass(frozen=True, slots=True)
class ShipmentItem:
    """An order item as Fulfillment sees it: who ships it, and by when."""

    item_number: int
    seller_id: str
    shipping_limit_at: datetime

    def __post_init__(self) -> None:
        if self.item_number < 1:
            raise FulfillmentRuleViolation(f"item number must start at 1, got {self.item_number}")


@dataclass(frozen=True, slots=True)
class Route:
    """From the seller's zip area to the customer's; either end may be unknown."""

    origin: ZipArea | None = None
    destination: ZipArea | None = None

    @property
    def distance_km(self) -> float | None:
        if self.origin is None or self.destination is None:
            return None
        return self.origin.distance_km(self.destination)

    @property
    def origin_zip_code_prefix(self) -> str | None:
        return self.origin.zip_code_prefix if self.origin else None

    @property
    def destination_zip_code_prefix(self) -> str | None:
        return self.destination.zip_code_prefix if self.destination else None


@dataclass
class Shipment:
    order_id: str
    seller_id: str
    dispatched_at: datetime | None  # Olist records one hand-off to the carrier per order
    route: Route = Route()
    items: list[ShipmentItem] = field(default_factory=list)

    def add_item(self, item: ShipmentItem) -> None:
        if item.seller_id != self.seller_id:
            raise FulfillmentRuleViolation(
                f"item {item.item_number} is shipped by {item.seller_id}, not {self.seller_id}"
            )
        if any(existing.item_number == item.item_number for existing in self.items):
            raise FulfillmentRuleViolation(f"item {item.item_number} appears twice in the order")
        self.items.append(item)

    @property
    def shipping_limit_at(self) -> datetime:
        """The seller must hand everything over by the latest limit of its items."""
        if not self.items:
            raise FulfillmentRuleViolation(f"shipment {self.order_id}/{self.seller_id} has no item")
        return max(item.shipping_limit_at for item in self.items)

    @property
    def handed_off_late(self) -> bool:
        return self.dispatched_at is not None and self.dispatched_at > self.shipping_limit_at

    @property
    def distance_km(self) -> float | None:
        return self.route.distance_km

    def events(self, window: DateRange = DateRange.all_time()) -> list[ShipmentDispatched]:
        if self.dispatched_at is None or not self.items or not window.contains(self.dispatched_at):
            return []
        return [
            ShipmentDispatched(
                occurred_at=self.dispatched_at,
                order_id=self.order_id,
                seller_id=self.seller_id,
                shipping_limit_at=self.shipping_limit_at,
                handed_off_late=self.handed_off_late,
                distance_km=self.distance_km,
                origin_zip_code_prefix=self.route.origin_zip_code_prefix,
                destination_zip_code_prefix=self.route.destination_zip_code_prefix,
            )
        ]
