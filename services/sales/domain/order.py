"""The Order aggregate: header, items, payments and status lifecycle, with its rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.sales.domain.errors import SalesRuleViolation
from services.sales.domain.events import (
    OrderApproved,
    OrderCancelled,
    OrderPlaced,
    OrderStatusRecorded,
    PaymentReceived,
)
from services.sales.domain.invoice import Invoice
from services.sales.domain.lines import (  # noqa: F401 - the aggregate's public vocabulary
    OrderItem,
    Payment,
    PaymentType,
)
from shared_kernel import DateRange, DomainEvent, Money
from shared_kernel.money import total
from shared_kernel.order_lifecycle import stage_of


class OrderStatus(StrEnum):
    CREATED = "created"
    APPROVED = "approved"
    INVOICED = "invoiced"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELED = "canceled"
    UNAVAILABLE = "unavailable"

    @property
    def is_cancellation(self) -> bool:
        return self in (OrderStatus.CANCELED, OrderStatus.UNAVAILABLE)

    @property
    def stage(self) -> int:
        """How far along the lifecycle (shared_kernel.order_lifecycle)."""
        return stage_of(self.value)


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """The business times an order passed through; later ones are None until they happen."""

    purchased_at: datetime
    approved_at: datetime | None = None
    delivered_to_carrier_at: datetime | None = None
    delivered_to_customer_at: datetime | None = None
    estimated_delivery_at: datetime | None = None

    @property
    def last_known(self) -> datetime:
        moments = [
            self.purchased_at,
            self.approved_at,
            self.delivered_to_carrier_at,
            self.delivered_to_customer_at,
        ]
        return max(m for m in moments if m is not None)


@dataclass
class Order:
    order_id: str
    customer_id: str
    status: OrderStatus
    lifecycle: Lifecycle
    items: list[OrderItem] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    def __post_init__(self) -> None:
        approved = self.lifecycle.approved_at
        if approved is not None and approved < self.lifecycle.purchased_at:
            raise SalesRuleViolation("approved before it was purchased")

    def add_item(self, item: OrderItem) -> None:
        if any(existing.item_number == item.item_number for existing in self.items):
            raise SalesRuleViolation(f"item {item.item_number} appears twice in the order")
        self.items.append(item)

    def add_payment(self, payment: Payment) -> None:
        if any(existing.sequential == payment.sequential for existing in self.payments):
            raise SalesRuleViolation(f"payment {payment.sequential} appears twice in the order")
        self.payments.append(payment)

    @property
    def item_total(self) -> Money:
        return total([item.price for item in self.items])

    @property
    def freight_total(self) -> Money:
        return total([item.freight for item in self.items])

    @property
    def amount_paid(self) -> Money:
        return total([payment.value for payment in self.payments])

    def invoice(self) -> Invoice:
        return Invoice(self.order_id, self.item_total, self.freight_total, self.amount_paid)

    def events(self, window: DateRange = DateRange.all_time()) -> list[DomainEvent]:
        """The integration events of this order's history whose business time is in `window`.

        Replaying any partition of time into windows yields the same events as one full
        replay: each event belongs to exactly one window (its `occurred_at`).
        """
        history = [
            self._placed(),
            *self._approval(),
            *self._paid(),
            *self._cancellation(),
            *self._status_recorded(),
        ]
        return [event for event in history if window.contains(event.occurred_at)]

    def _placed(self) -> OrderPlaced:
        items = tuple(sorted(self.items, key=_by_number))
        return OrderPlaced(
            occurred_at=self.lifecycle.purchased_at,
            order_id=self.order_id,
            customer_id=self.customer_id,
            estimated_delivery_at=self.lifecycle.estimated_delivery_at,
            items=items,
        )

    def _approval(self) -> list[OrderApproved]:
        if self.lifecycle.approved_at is None:
            return []
        return [
            OrderApproved(
                occurred_at=self.lifecycle.approved_at,
                order_id=self.order_id,
                status=self._status_after_approval.value,
            )
        ]

    @property
    def _status_after_approval(self) -> OrderStatus:
        """Olist gives invoicing and processing no timestamp: they ride on the approval."""
        if self.status in (OrderStatus.INVOICED, OrderStatus.PROCESSING):
            return self.status
        return OrderStatus.APPROVED

    def _stages_shown(self) -> list[OrderStatus]:
        """The statuses the order's timestamped steps show: its own events (placed,
        approved), the hand-off of its items to the carrier and the delivery (Fulfillment's
        ShipmentDispatched and DeliveryCompleted, from the same timestamps)."""
        shown = [OrderStatus.CREATED]
        if self.lifecycle.approved_at is not None:
            shown.append(self._status_after_approval)
        if self.lifecycle.delivered_to_carrier_at is not None and self.items:
            shown.append(OrderStatus.SHIPPED)
        if self.lifecycle.delivered_to_customer_at is not None:
            shown.append(OrderStatus.DELIVERED)
        return shown

    def _status_recorded(self) -> list[OrderStatusRecorded]:
        """The recorded status, at the last known lifecycle time, when no step shows it
        (a delivered order without a delivery date, a shipped order without items)."""
        if self.status.is_cancellation or self.status.stage <= max(
            step.stage for step in self._stages_shown()
        ):
            return []
        return [
            OrderStatusRecorded(
                occurred_at=self.lifecycle.last_known,
                order_id=self.order_id,
                status=self.status.value,
            )
        ]

    def _paid(self) -> list[PaymentReceived]:
        paid_at = self.lifecycle.approved_at or self.lifecycle.purchased_at
        return [
            PaymentReceived(
                occurred_at=paid_at,
                order_id=self.order_id,
                sequential=p.sequential,
                payment_type=p.payment_type.value,
                installments=p.installments,
                value=p.value,
            )
            for p in sorted(self.payments, key=lambda p: p.sequential)
        ]

    def _cancellation(self) -> list[OrderCancelled]:
        if not self.status.is_cancellation:
            return []
        return [
            OrderCancelled(
                occurred_at=self.lifecycle.last_known,
                order_id=self.order_id,
                status=self.status.value,
            )
        ]


def _by_number(item: OrderItem) -> int:
    return item.item_number
