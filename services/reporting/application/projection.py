"""Event handlers of the star schema: integration events -> changes to facts."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from contracts.envelope import EventEnvelope
from services.reporting.domain.order_snapshot import StatusChange


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    order_id: str
    customer_id: str
    purchased_at: datetime
    estimated_delivery_at: datetime | None
    item_count: int
    item_total: Decimal
    freight_total: Decimal
    load_id: str


@dataclass(frozen=True, slots=True)
class OrderLine:
    order_id: str
    order_item_id: int
    customer_id: str
    product_id: str
    seller_id: str
    purchased_at: datetime
    shipping_limit_at: datetime
    price: Decimal
    freight_value: Decimal
    load_id: str


@dataclass(frozen=True, slots=True)
class PaymentLine:
    order_id: str
    sequential: int
    payment_type: str
    installments: int
    value: Decimal
    paid_at: datetime
    load_id: str


@dataclass(frozen=True, slots=True)
class Approval:
    order_id: str
    approved_at: datetime
    load_id: str


@dataclass
class StarChanges:
    placed: list[PlacedOrder] = field(default_factory=list)
    lines: list[OrderLine] = field(default_factory=list)
    payments: list[PaymentLine] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)

    def latest_statuses(self) -> list[StatusChange]:
        """Per order, the status change that supersedes the others of this batch."""
        latest: dict[str, StatusChange] = {}
        for change in self.statuses:
            if change.supersedes(latest.get(change.order_id)):
                latest[change.order_id] = change
        return list(latest.values())

    def dates(self) -> set[date]:
        moments = [p.purchased_at for p in self.placed] + [p.paid_at for p in self.payments]
        return {moment.date() for moment in moments}


class StarSchema(Protocol):
    def apply(self, changes: StarChanges) -> None:
        """Apply all changes in one transaction, idempotently."""


def changes_from(envelopes: Iterable[EventEnvelope]) -> StarChanges:
    changes = StarChanges()
    for envelope in envelopes:
        HANDLERS[envelope.event_type](envelope, changes)
    return changes


def _placed(envelope: EventEnvelope, changes: StarChanges) -> None:
    order = envelope.payload
    changes.placed.append(PlacedOrder(
        order.order_id, order.customer_id, order.purchased_at, order.estimated_delivery_at,
        len(order.items), sum((i.price for i in order.items), Decimal("0.00")),
        sum((i.freight_value for i in order.items), Decimal("0.00")), envelope.load_id))
    changes.lines.extend(OrderLine(
        order.order_id, i.order_item_id, order.customer_id, i.product_id, i.seller_id,
        order.purchased_at, i.shipping_limit_at, i.price, i.freight_value, envelope.load_id)
        for i in order.items)
    changes.statuses.append(StatusChange(order.order_id, "created", order.purchased_at,
                                         envelope.load_id))


def _approved(envelope: EventEnvelope, changes: StarChanges) -> None:
    approval = envelope.payload
    changes.approvals.append(Approval(approval.order_id, approval.approved_at, envelope.load_id))
    changes.statuses.append(StatusChange(approval.order_id, approval.status,
                                         approval.approved_at, envelope.load_id))


def _paid(envelope: EventEnvelope, changes: StarChanges) -> None:
    payment = envelope.payload
    changes.payments.append(PaymentLine(
        payment.order_id, payment.payment_sequential, payment.payment_type,
        payment.payment_installments, payment.payment_value, envelope.occurred_at,
        envelope.load_id))


def _cancelled(envelope: EventEnvelope, changes: StarChanges) -> None:
    cancel = envelope.payload
    changes.statuses.append(StatusChange(cancel.order_id, cancel.status, envelope.occurred_at,
                                         envelope.load_id))


HANDLERS = {
    "sales.order.placed": _placed,
    "sales.order.approved": _approved,
    "sales.payment.received": _paid,
    "sales.order.cancelled": _cancelled,
}

SUBSCRIBED_CONTEXTS: Sequence[str] = ("sales",)
