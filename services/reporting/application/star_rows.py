"""The rows the projection gives the star schema: one type per kind of change, and the
changes of one batch of events (StarChanges), applied by the StarSchema port in one
transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal

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
        moments = (
            [p.purchased_at for p in self.placed]
            + [p.paid_at for p in self.payments]
            + [s.dispatched_at for s in self.shipments]
            + [r.created_at for r in self.reviews]
        )
        return {moment.date() for moment in moments}

    def orders_to_key(self) -> dict[str, set[str]]:
        """Per fact table, the orders whose facts, already written, may need their customer
        key again: the order's person became known (attributed) or, for reviews, the
        order's customer record arrived (placed). Facts take their keys when written, and a
        dimension member's key never changes (a late member takes over its inferred row)."""
        attributed = {link.order_id for link in self.links}
        placed = {order.order_id for order in self.placed}
        return {
            "fact_order": attributed,
            "fact_order_item": attributed,
            "fact_review": attributed | placed,
        }

    def products_referenced(self) -> set[str]:
        return {line.product_id for line in self.lines}

    def sellers_referenced(self) -> set[str]:
        return {line.seller_id for line in self.lines} | {s.seller_id for s in self.shipments}

    def zip_prefixes_referenced(self) -> set[str]:
        """Zip prefixes of the addresses this batch gives sellers and people."""
        return {
            place.zip_code_prefix
            for kind in (self.sellers, self.addresses)
            for place in kind
            if place.zip_code_prefix
        }

    def touched_customers(self) -> set[str]:
        return {
            change.customer_unique_id
            for kind in (self.addresses, self.registrations, self.links, self.segments)
            for change in kind
        }
