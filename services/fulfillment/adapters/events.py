"""What Fulfillment publishes: each domain event in its contract
(contracts/fulfillment.py), and the source row it stems from: the order's, the seller's
first item's, or none for a zip area (it is made of many geolocation rows)."""

from __future__ import annotations

from services.chassis.events import publishes
from services.fulfillment.domain.events import (
    DeliveryCompleted,
    DeliveryDelayed,
    ShipmentDispatched,
    ZipAreaLocated,
)

ORDER_ROW = ("order", "order_id")

PUBLISHED = (
    publishes(
        ShipmentDispatched, ("shipment", "order_id", "seller_id"), dispatched_at="occurred_at"
    ),
    publishes(DeliveryCompleted, ORDER_ROW, delivered_at="occurred_at"),
    publishes(DeliveryDelayed, ORDER_ROW, delivered_at="occurred_at"),
    publishes(ZipAreaLocated),
)
