"""Event handlers of the star schema: integration events -> changes to dimensions and facts.

Handlers only translate; the StarSchema port applies a batch of changes in one
transaction, idempotently and whatever the order the events arrive in.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

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


@dataclass(frozen=True, slots=True)
class ProductListing:
    product_id: str
    category_name: str
    category_name_english: str
    is_category_translated: bool
    name_length: int | None
    description_length: int | None
    photos_qty: int | None
    weight_g: int | None
    length_cm: int | None
    height_cm: int | None
    width_cm: int | None
    load_id: str


@dataclass(frozen=True, slots=True)
class SellerRegistration:
    seller_id: str
    zip_code_prefix: str
    city: str
    state: str
    load_id: str


@dataclass(frozen=True, slots=True)
class ZipArea:
    zip_code_prefix: str
    city: str
    state: str
    latitude: float | None
    longitude: float | None
    points_used: int
    load_id: str


@dataclass(frozen=True, slots=True)
class AddressPeriod:
    """A person's address from `valid_from` on (registration or a move)."""

    customer_unique_id: str
    valid_from: datetime
    zip_code_prefix: str
    city: str
    state: str
    customer_id: str
    load_id: str


@dataclass(frozen=True, slots=True)
class Registration:
    customer_unique_id: str
    registered_at: datetime
    load_id: str


@dataclass(frozen=True, slots=True)
class OrderLink:
    customer_id: str
    order_id: str
    customer_unique_id: str
    load_id: str


@dataclass(frozen=True, slots=True)
class SegmentChange:
    customer_unique_id: str
    segment: str
    at: datetime
    load_id: str


@dataclass(frozen=True, slots=True)
class Shipment:
    order_id: str
    seller_id: str
    shipping_limit_at: datetime
    dispatched_at: datetime
    handed_off_late: bool
    distance_km: float | None
    load_id: str


@dataclass(frozen=True, slots=True)
class Delivery:
    order_id: str
    delivered_at: datetime
    delivery_days: int
    days_late: int
    is_late: bool
    load_id: str


@dataclass(frozen=True, slots=True)
class Review:
    review_id: str
    order_id: str
    score: int
    created_at: datetime
    answered_at: datetime | None
    has_title: bool
    has_comment: bool
    comment_length: int
    load_id: str


@dataclass(frozen=True, slots=True)
class LineageCount:
    """How many events of one type, from one load and source file, fed a dw table."""

    load_id: str
    table_name: str
    event_type: str
    source_file: str
    events: int


@dataclass
class StarChanges:
    placed: list[PlacedOrder] = field(default_factory=list)
    lines: list[OrderLine] = field(default_factory=list)
    payments: list[PaymentLine] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    products: list[ProductListing] = field(default_factory=list)
    sellers: list[SellerRegistration] = field(default_factory=list)
    zip_areas: list[ZipArea] = field(default_factory=list)
    addresses: list[AddressPeriod] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    links: list[OrderLink] = field(default_factory=list)
    segments: list[SegmentChange] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    lineage: list[LineageCount] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def latest_statuses(self) -> list[StatusChange]:
        """Per order, the status change that supersedes the others of this batch."""
        latest: dict[str, StatusChange] = {}
        for change in self.statuses:
            if change.supersedes(latest.get(change.order_id)):
                latest[change.order_id] = change
        return list(latest.values())

    def latest_segments(self) -> list[SegmentChange]:
        latest: dict[str, SegmentChange] = {}
        for change in self.segments:
            known = latest.get(change.customer_unique_id)
            if known is None or change.at >= known.at:
                latest[change.customer_unique_id] = change
        return list(latest.values())

    def dates(self) -> set[date]:
        moments = [p.purchased_at for p in self.placed] + [p.paid_at for p in self.payments] \
            + [s.dispatched_at for s in self.shipments] + [r.created_at for r in self.reviews]
        return {moment.date() for moment in moments}

    def orders_to_key(self) -> dict[str, set[str]]:
        """Per fact table, the orders whose facts, already written, may need their customer
        key again: the order's person became known (attributed) or, for reviews, the
        order's customer record arrived (placed). Facts take their keys when written, and a
        dimension member's key never changes (a late member takes over its inferred row)."""
        attributed = {link.order_id for link in self.links}
        placed = {order.order_id for order in self.placed}
        return {"fact_order": attributed, "fact_order_item": attributed,
                "fact_review": attributed | placed}

    def products_referenced(self) -> set[str]:
        return {line.product_id for line in self.lines}

    def sellers_referenced(self) -> set[str]:
        return {line.seller_id for line in self.lines} | {s.seller_id for s in self.shipments}

    def zip_prefixes_referenced(self) -> set[str]:
        """Zip prefixes of the addresses this batch gives sellers and people."""
        return {place.zip_code_prefix for kind in (self.sellers, self.addresses)
                for place in kind if place.zip_code_prefix}

    def touched_customers(self) -> set[str]:
        return {change.customer_unique_id for kind in (self.addresses, self.registrations,
                                                       self.links, self.segments)
                for change in kind}


class StarSchema(Protocol):
    def apply(self, changes: StarChanges) -> None:
        """Apply all changes in one transaction, idempotently."""


def changes_from(envelopes: Iterable[EventEnvelope]) -> StarChanges:
    changes = StarChanges()
    fed: Counter[tuple[str, str, str, str]] = Counter()
    seen: set[UUID] = set()
    for envelope in envelopes:
        HANDLERS[envelope.event_type](envelope.payload, envelope, changes)
        if envelope.event_id not in seen:  # an event twice in one batch counts once
            seen.add(envelope.event_id)
            fed.update(_tables_fed(envelope))
    changes.lineage = [LineageCount(*key, events) for key, events in sorted(fed.items())]
    return changes


def _tables_fed(envelope: EventEnvelope) -> list[tuple[str, str, str, str]]:
    source_file = envelope.source.file if envelope.source else NO_SOURCE_FILE
    return [(envelope.load_id, table, envelope.event_type, source_file)
            for table in FEEDS.get(envelope.event_type, ())]


Handler = Callable[[object, EventEnvelope, StarChanges], None]


def _placed(order, envelope: EventEnvelope, changes: StarChanges) -> None:
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


def _approved(approval, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.approvals.append(Approval(approval.order_id, approval.approved_at, envelope.load_id))
    changes.statuses.append(StatusChange(approval.order_id, approval.status,
                                         approval.approved_at, envelope.load_id))


def _paid(payment, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.payments.append(PaymentLine(
        payment.order_id, payment.payment_sequential, payment.payment_type,
        payment.payment_installments, payment.payment_value, envelope.occurred_at,
        envelope.load_id))


def _cancelled(cancel, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.statuses.append(StatusChange(cancel.order_id, cancel.status, envelope.occurred_at,
                                         envelope.load_id))


def _status_recorded(recorded, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.statuses.append(StatusChange(recorded.order_id, recorded.status,
                                         envelope.occurred_at, envelope.load_id))


def _listed(product, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.products.append(ProductListing(
        product.product_id, product.category_name, product.category_name_english,
        product.is_category_translated, product.name_length, product.description_length,
        product.photos_qty, product.weight_g, product.length_cm, product.height_cm,
        product.width_cm, envelope.load_id))


def _seller(seller, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.sellers.append(SellerRegistration(seller.seller_id, seller.zip_code_prefix,
                                              seller.city, seller.state, envelope.load_id))


def _zip_area(area, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.zip_areas.append(ZipArea(area.zip_code_prefix, area.city, area.state, area.latitude,
                                     area.longitude, area.points_used, envelope.load_id))


def _registered(person, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.registrations.append(Registration(person.customer_unique_id, envelope.occurred_at,
                                              envelope.load_id))
    _address(person, envelope, changes)


def _address(person, envelope: EventEnvelope, changes: StarChanges) -> None:
    address = person.address
    changes.addresses.append(AddressPeriod(
        person.customer_unique_id, envelope.occurred_at, address.zip_code_prefix, address.city,
        address.state, person.customer_id, envelope.load_id))


def _attributed(link, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.links.append(OrderLink(link.customer_id, link.order_id, link.customer_unique_id,
                                   envelope.load_id))


def _segment(change, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.segments.append(SegmentChange(change.customer_unique_id, change.segment,
                                          envelope.occurred_at, envelope.load_id))


def _review(review, envelope: EventEnvelope, changes: StarChanges) -> None:
    comment = review.comment or ""
    changes.reviews.append(Review(
        review.review_id, review.order_id, review.score, envelope.occurred_at, review.answered_at,
        bool(review.title), bool(comment.strip()), len(comment), envelope.load_id))


def _dispatched(shipment, envelope: EventEnvelope, changes: StarChanges) -> None:
    """ShipmentDispatched v2 (older v1 messages arrive upcast by `decode`), or v1 as
    written: only the fields both versions carry reach the star schema."""
    changes.shipments.append(Shipment(
        shipment.order_id, shipment.seller_id, shipment.shipping_limit_at,
        shipment.dispatched_at, shipment.handed_off_late, shipment.distance_km, envelope.load_id))
    changes.statuses.append(StatusChange(shipment.order_id, "shipped", shipment.dispatched_at,
                                         envelope.load_id))


def _delivered(delivery, envelope: EventEnvelope, changes: StarChanges) -> None:
    changes.deliveries.append(Delivery(delivery.order_id, delivery.delivered_at,
                                       delivery.delivery_days, delivery.days_late,
                                       delivery.is_late, envelope.load_id))
    changes.statuses.append(StatusChange(delivery.order_id, "delivered", delivery.delivered_at,
                                         envelope.load_id))


def _not_in_the_star_schema(payload, envelope: EventEnvelope, changes: StarChanges) -> None:
    """Events the star schema does not need (their facts come through other events)."""


HANDLERS: dict[str, Handler] = {
    "sales.order.placed": _placed,
    "sales.order.approved": _approved,
    "sales.payment.received": _paid,
    "sales.order.cancelled": _cancelled,
    "sales.order.status_recorded": _status_recorded,
    "marketplace.product.listed": _listed,
    "marketplace.seller.registered": _seller,
    "marketplace.inventory.updated": _not_in_the_star_schema,
    "customer.customer.registered": _registered,
    "customer.customer.moved": _address,
    "customer.order.attributed": _attributed,
    "customer.segment.changed": _segment,
    "customer.review.submitted": _review,
    "fulfillment.shipment.dispatched": _dispatched,
    "fulfillment.delivery.completed": _delivered,
    "fulfillment.delivery.delayed": _not_in_the_star_schema,  # is_late comes with completion
    "fulfillment.zip_area.located": _zip_area,
}

# The dw tables each event type's changes write to: its own rows, and what is derived from
# it in the same batch (order payment totals, a person's current address, customer keys).
FEEDS: dict[str, tuple[str, ...]] = {
    "sales.order.placed": ("fact_order", "fact_order_item"),
    "sales.order.approved": ("fact_order",),
    "sales.payment.received": ("fact_payment", "fact_order"),
    "sales.order.cancelled": ("fact_order",),
    "sales.order.status_recorded": ("fact_order",),
    "marketplace.product.listed": ("dim_product",),
    "marketplace.seller.registered": ("dim_seller",),
    "marketplace.inventory.updated": (),
    "customer.customer.registered": ("dim_customer", "customer_address_history"),
    "customer.customer.moved": ("customer_address_history", "dim_customer"),
    "customer.order.attributed": ("customer_order_link", "fact_order", "fact_order_item",
                                  "fact_review"),
    "customer.segment.changed": ("dim_customer",),
    "customer.review.submitted": ("fact_review",),
    "fulfillment.shipment.dispatched": ("fact_shipment", "fact_order"),
    "fulfillment.delivery.completed": ("fact_order",),
    "fulfillment.delivery.delayed": (),
    "fulfillment.zip_area.located": ("dim_geography",),
}
NO_SOURCE_FILE = ""  # lineage of events that name no source file (e.g. from an API)

# Reference data first: its dimensions then usually exist before the facts that use them.
SUBSCRIBED_CONTEXTS = ("marketplace", "customer", "fulfillment", "sales")
