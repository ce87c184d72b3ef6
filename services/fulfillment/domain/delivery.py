"""The Delivery aggregate: an order's trip from purchase to the customer's door, judged
against the delivery date promised at purchase."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from services.fulfillment.domain.errors import FulfillmentRuleViolation
from services.fulfillment.domain.events import DeliveryCompleted, DeliveryDelayed
from services.fulfillment.domain.geography import ZipArea
from services.fulfillment.domain.shipment import Route, Shipment, ShipmentItem
from shared_kernel import DateRange, DomainEvent


@dataclass
class Delivery:
    order_id: str
    customer_id: str
    status: str
    purchased_at: datetime
    dispatched_at: datetime | None = None  # handed to the carrier
    delivered_at: datetime | None = None  # received by the customer
    estimated_at: datetime | None = None  # promised at purchase (a day, at midnight)
    destination: ZipArea | None = None  # the customer's zip area, when known

    def __post_init__(self) -> None:
        if self.delivered_at is not None and self.delivered_at < self.purchased_at:
            raise FulfillmentRuleViolation("delivered before it was purchased")
        if self.estimated_at is not None and self.estimated_at.date() < self.purchased_at.date():
            raise FulfillmentRuleViolation("estimated delivery before the purchase day")

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None

    @property
    def delivery_days(self) -> int | None:
        """Whole calendar days from the purchase day to the delivery day."""
        if self.delivered_at is None:
            return None
        return (self.delivered_at.date() - self.purchased_at.date()).days

    @property
    def days_late(self) -> int | None:
        """Calendar days delivered after the estimated day (0 on or before it)."""
        if self.delivered_at is None:
            return None
        if self.estimated_at is None:
            return 0
        return max(0, (self.delivered_at.date() - self.estimated_at.date()).days)

    @property
    def is_late(self) -> bool:
        return (self.days_late or 0) > 0

    @property
    def is_on_time(self) -> bool:
        return self.is_delivered and not self.is_late

    @property
    def delivered_month(self) -> str | None:
        return self.delivered_at.strftime("%Y-%m") if self.delivered_at else None

    @property
    def destination_state(self) -> str | None:
        return self.destination.state if self.destination else None

    def shipments(
        self, items: Iterable[ShipmentItem], origins: Mapping[str, ZipArea | None]
    ) -> list[Shipment]:
        """One shipment per seller of the order's items, all handed off at the order's
        carrier date, from the seller's zip area (`origins`) to the customer's."""
        by_seller: dict[str, Shipment] = {}
        for item in sorted(items, key=lambda i: i.item_number):
            shipment = by_seller.get(item.seller_id)
            if shipment is None:
                route = Route(origins.get(item.seller_id), self.destination)
                shipment = by_seller[item.seller_id] = Shipment(
                    self.order_id, item.seller_id, self.dispatched_at, route
                )
            shipment.add_item(item)
        return list(by_seller.values())

    def events(self, window: DateRange = DateRange.all_time()) -> list[DomainEvent]:
        """DeliveryCompleted, and DeliveryDelayed when late, both at the delivery time."""
        if self.delivered_at is None or not window.contains(self.delivered_at):
            return []
        events: list[DomainEvent] = [self._completed()]
        if self.is_late and self.estimated_at is not None:
            events.append(
                DeliveryDelayed(
                    occurred_at=self.delivered_at,
                    order_id=self.order_id,
                    estimated_at=self.estimated_at,
                    days_late=self.days_late or 0,
                )
            )
        return events

    def _completed(self) -> DeliveryCompleted:
        assert self.delivered_at is not None
        return DeliveryCompleted(
            occurred_at=self.delivered_at,
            order_id=self.order_id,
            purchased_at=self.purchased_at,
            estimated_at=self.estimated_at,
            delivery_days=self.delivery_days or 0,
            days_late=self.days_late or 0,
            is_late=self.is_late,
        )
