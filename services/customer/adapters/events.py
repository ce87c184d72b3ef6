"""What Customer publishes: each domain event in its contract (contracts/customer.py),
and the source row it stems from: the customer record, the order or the review."""

from __future__ import annotations

from services.chassis.events import publishes
from services.customer.domain.events import (
    CustomerMoved,
    CustomerRegistered,
    OrderAttributed,
    ReviewSubmitted,
    SegmentChanged,
)

ACCOUNT_ROW, ORDER_ROW = ("account", "customer_id"), ("order", "order_id")

PUBLISHED = (
    publishes(CustomerRegistered, ACCOUNT_ROW),
    publishes(CustomerMoved, ACCOUNT_ROW),
    publishes(OrderAttributed, ORDER_ROW),
    publishes(SegmentChanged, ORDER_ROW),
    publishes(ReviewSubmitted, ("review", "review_id", "order_id")),
)
