"""What Sales publishes: each domain event in its contract (contracts/sales.py), and the
source row it stems from."""

from __future__ import annotations

from services.chassis.events import publishes
from services.sales.domain.events import (
    OrderApproved,
    OrderCancelled,
    OrderPlaced,
    OrderStatusRecorded,
    PaymentReceived,
)

ORDER_ROW = ("order", "order_id")

PUBLISHED = (
    publishes(
        OrderPlaced,
        ORDER_ROW,
        purchased_at="occurred_at",
        items={"order_item_id": "item_number", "freight_value": "freight"},
    ),
    publishes(OrderApproved, ORDER_ROW, approved_at="occurred_at"),
    publishes(
        PaymentReceived,
        ("payment", "order_id", "sequential"),
        payment_sequential="sequential",
        payment_installments="installments",
        payment_value="value",
    ),
    publishes(OrderCancelled, ORDER_ROW),
    publishes(OrderStatusRecorded, ORDER_ROW),
)
