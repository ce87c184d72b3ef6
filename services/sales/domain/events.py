from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.sales.domain.lines import OrderItem
from shared_kernel import DomainEvent, Money


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(DomainEvent):
    event_type = "sales.order.placed"
    natural_key_fields = ("order_id",)

    order_id: str
    customer_id: str
    estimated_delivery_at: datetime | None
    items: tuple[OrderItem, ...]


@dataclass(frozen=True, kw_only=True)
class OrderApproved(DomainEvent):
    event_type = "sales.order.approved"
    natural_key_fields = ("order_id",)

    order_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(DomainEvent):
    event_type = "sales.payment.received"
    natural_key_fields = ("order_id", "sequential")

    order_id: str
    sequential: int
    payment_type: str
    installments: int
    value: Money


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(DomainEvent):
    event_type = "sales.order.cancelled"
    natural_key_fields = ("order_id",)

    order_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class OrderStatusRecorded(DomainEvent):
    """The status the source records for an order, where no other event of the order's
    history reaches it (e.g. `delivered` without a delivery date)."""

    event_type = "sales.order.status_recorded"
    natural_key_fields = ("order_id",)

    order_id: str
    status: str
