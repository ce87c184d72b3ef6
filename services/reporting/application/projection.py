"""Event handlers of the star schema: integration events -> changes to dimensions and facts.

One declaration per event type (`@projects`): the handler, typed with the event's
contract payload, the dw tables its changes write to (lineage), and so the context
streams the reporting consumer subscribes to. Handlers only translate; the StarSchema port
applies a batch of changes in one transaction, idempotently and whatever the order the
events arrive in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from uuid import UUID

from pydantic import BaseModel

from contracts.customer import (
    CustomerMovedV1,
    CustomerRegisteredV1,
    OrderAttributedV1,
    ReviewSubmittedV2,
    SegmentChangedV1,
)
from contracts.envelope import EventEnvelope
from contracts.fulfillment import (
    DeliveryCompletedV1,
    DeliveryDelayedV1,
    ShipmentDispatchedV2,
    ZipAreaLocatedV1,
)
from contracts.marketplace import InventoryUpdatedV1, ProductListedV1, SellerRegisteredV1
from contracts.sales import (
    OrderApprovedV1,
    OrderCancelledV1,
    OrderPlacedV1,
    OrderStatusRecordedV1,
    PaymentReceivedV1,
)
from services.reporting.application.star_rows import (
    AddressPeriod,
    Approval,
    Delivery,
    LineageCount,
    OrderLine,
    OrderLink,
    PaymentLine,
    PlacedOrder,
    ProductListing,
    Registration,
    Review,
    SegmentChange,
    SellerRegistration,
    Shipment,
    StarChanges,
    ZipArea,
)
from services.reporting.domain.order_snapshot import StatusChange

Envelope = EventEnvelope[Any]
P = TypeVar("P", bound=BaseModel)
Handler = Callable[[Any, Envelope, StarChanges], None]


@dataclass(frozen=True)
class Projection:
    """How one event type reaches the star schema."""

    event_type: str
    payload: type[BaseModel]  # the contract payload the handler reads (latest version)
    feeds: tuple[str, ...]  # the dw tables its changes write to, derived rows included
    handle: Handler

    @property
    def context(self) -> str:
        return self.event_type.split(".", 1)[0]


PROJECTIONS: dict[str, Projection] = {}


def projects(
    event_type: str, payload: type[P], feeds: tuple[str, ...] = ()
) -> Callable[
    [Callable[[P, Envelope, StarChanges], None]], Callable[[P, Envelope, StarChanges], None]
]:
    """Declare the handler of `event_type` (one per type)."""

    def register(
        handle: Callable[[P, Envelope, StarChanges], None],
    ) -> Callable[[P, Envelope, StarChanges], None]:
        if event_type in PROJECTIONS:
            raise ValueError(f"{event_type} is projected twice")
        PROJECTIONS[event_type] = Projection(event_type, payload, feeds, handle)
        return handle

    return register


class StarSchema(Protocol):
    def apply(self, changes: StarChanges) -> None:
        """Apply all changes in one transaction, idempotently."""


NO_SOURCE_FILE = ""  # lineage of events that name no source file (e.g. from an API)


def changes_from(envelopes: Iterable[Envelope]) -> StarChanges:
    changes = StarChanges()
    fed: Counter[tuple[str, str, str, str]] = Counter()
    seen: set[UUID] = set()
    for envelope in envelopes:
        projection = PROJECTIONS[envelope.event_type]
        projection.handle(envelope.payload, envelope, changes)
        if envelope.event_id not in seen:  # an event twice in one batch counts once
            seen.add(envelope.event_id)
            source_file = envelope.source.file if envelope.source else NO_SOURCE_FILE
            fed.update(
                (envelope.load_id, table, envelope.event_type, source_file)
                for table in projection.feeds
            )
    changes.lineage = [LineageCount(*key, events) for key, events in sorted(fed.items())]
    return changes


# --- Marketplace: reference data first, so its dimensions usually exist before the facts
@projects("marketplace.product.listed", ProductListedV1, feeds=("dim_product",))
def _listed(product: ProductListedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.products.append(
        ProductListing(
            product.product_id,
            product.category_name,
            product.category_name_english,
            product.is_category_translated,
            product.name_length,
            product.description_length,
            product.photos_qty,
            product.weight_g,
            product.length_cm,
            product.height_cm,
            product.width_cm,
            envelope.load_id,
        )
    )


@projects("marketplace.seller.registered", SellerRegisteredV1, feeds=("dim_seller",))
def _seller(seller: SellerRegisteredV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.sellers.append(
        SellerRegistration(
            seller.seller_id, seller.zip_code_prefix, seller.city, seller.state, envelope.load_id
        )
    )


@projects("marketplace.inventory.updated", InventoryUpdatedV1)
def _stock(stock: InventoryUpdatedV1, envelope: Envelope, changes: StarChanges) -> None:
    """Stock levels are not in the star schema (Olist's files carry none)."""


# --- Customer -------------------------------------------------------------------------
@projects(
    "customer.customer.registered",
    CustomerRegisteredV1,
    feeds=("dim_customer", "customer_address_history"),
)
def _registered(person: CustomerRegisteredV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.registrations.append(
        Registration(person.customer_unique_id, envelope.occurred_at, envelope.load_id)
    )
    _address(person, envelope, changes)


@projects(
    "customer.customer.moved", CustomerMovedV1, feeds=("customer_address_history", "dim_customer")
)
def _moved(person: CustomerMovedV1, envelope: Envelope, changes: StarChanges) -> None:
    _address(person, envelope, changes)


def _address(
    person: CustomerRegisteredV1 | CustomerMovedV1, envelope: Envelope, changes: StarChanges
) -> None:
    address = person.address
    changes.addresses.append(
        AddressPeriod(
            person.customer_unique_id,
            envelope.occurred_at,
            address.zip_code_prefix,
            address.city,
            address.state,
            person.customer_id,
            envelope.load_id,
        )
    )


@projects(
    "customer.order.attributed",
    OrderAttributedV1,
    feeds=("customer_order_link", "fact_order", "fact_order_item", "fact_review"),
)
def _attributed(link: OrderAttributedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.links.append(
        OrderLink(link.customer_id, link.order_id, link.customer_unique_id, envelope.load_id)
    )


@projects("customer.segment.changed", SegmentChangedV1, feeds=("dim_customer",))
def _segment(change: SegmentChangedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.segments.append(
        SegmentChange(
            change.customer_unique_id, change.segment, envelope.occurred_at, envelope.load_id
        )
    )


@projects("customer.review.submitted", ReviewSubmittedV2, feeds=("fact_review",))
def _review(review: ReviewSubmittedV2, envelope: Envelope, changes: StarChanges) -> None:
    """v2 (older v1 messages, which carried the words, arrive upcast by `decode`)."""
    changes.reviews.append(
        Review(
            review.review_id,
            review.order_id,
            review.score,
            envelope.occurred_at,
            review.answered_at,
            review.has_title,
            review.has_comment,
            review.comment_length,
            envelope.load_id,
        )
    )


# --- Fulfillment ----------------------------------------------------------------------
@projects("fulfillment.zip_area.located", ZipAreaLocatedV1, feeds=("dim_geography",))
def _zip_area(area: ZipAreaLocatedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.zip_areas.append(
        ZipArea(
            area.zip_code_prefix,
            area.city,
            area.state,
            area.latitude,
            area.longitude,
            area.points_used,
            envelope.load_id,
        )
    )


@projects(
    "fulfillment.shipment.dispatched", ShipmentDispatchedV2, feeds=("fact_shipment", "fact_order")
)
def _dispatched(shipment: ShipmentDispatchedV2, envelope: Envelope, changes: StarChanges) -> None:
    """v2 (older v1 messages arrive upcast by `decode`): only the fields both versions
    carry reach the star schema."""
    changes.shipments.append(
        Shipment(
            shipment.order_id,
            shipment.seller_id,
            shipment.shipping_limit_at,
            shipment.dispatched_at,
            shipment.handed_off_late,
            shipment.distance_km,
            envelope.load_id,
        )
    )
    changes.statuses.append(
        StatusChange(shipment.order_id, "shipped", shipment.dispatched_at, envelope.load_id)
    )


@projects("fulfillment.delivery.completed", DeliveryCompletedV1, feeds=("fact_order",))
def _delivered(delivery: DeliveryCompletedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.deliveries.append(
        Delivery(
            delivery.order_id,
            delivery.delivered_at,
            delivery.delivery_days,
            delivery.days_late,
            delivery.is_late,
            envelope.load_id,
        )
    )
    changes.statuses.append(
        StatusChange(delivery.order_id, "delivered", delivery.delivered_at, envelope.load_id)
    )


@projects("fulfillment.delivery.delayed", DeliveryDelayedV1)
def _delayed(delay: DeliveryDelayedV1, envelope: Envelope, changes: StarChanges) -> None:
    """is_late and days_late come with the completed delivery."""


# --- Sales ----------------------------------------------------------------------------
@projects("sales.order.placed", OrderPlacedV1, feeds=("fact_order", "fact_order_item"))
def _placed(order: OrderPlacedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.placed.append(
        PlacedOrder(
            order.order_id,
            order.customer_id,
            order.purchased_at,
            order.estimated_delivery_at,
            len(order.items),
            sum((i.price for i in order.items), Decimal("0.00")),
            sum((i.freight_value for i in order.items), Decimal("0.00")),
            envelope.load_id,
        )
    )
    changes.lines.extend(
        OrderLine(
            order.order_id,
            i.order_item_id,
            order.customer_id,
            i.product_id,
            i.seller_id,
            order.purchased_at,
            i.shipping_limit_at,
            i.price,
            i.freight_value,
            envelope.load_id,
        )
        for i in order.items
    )
    changes.statuses.append(
        StatusChange(order.order_id, "created", order.purchased_at, envelope.load_id)
    )


@projects("sales.order.approved", OrderApprovedV1, feeds=("fact_order",))
def _approved(approval: OrderApprovedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.approvals.append(Approval(approval.order_id, approval.approved_at, envelope.load_id))
    changes.statuses.append(
        StatusChange(approval.order_id, approval.status, approval.approved_at, envelope.load_id)
    )


@projects("sales.payment.received", PaymentReceivedV1, feeds=("fact_payment", "fact_order"))
def _paid(payment: PaymentReceivedV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.payments.append(
        PaymentLine(
            payment.order_id,
            payment.payment_sequential,
            payment.payment_type,
            payment.payment_installments,
            payment.payment_value,
            envelope.occurred_at,
            envelope.load_id,
        )
    )


@projects("sales.order.cancelled", OrderCancelledV1, feeds=("fact_order",))
def _cancelled(cancel: OrderCancelledV1, envelope: Envelope, changes: StarChanges) -> None:
    changes.statuses.append(
        StatusChange(cancel.order_id, cancel.status, envelope.occurred_at, envelope.load_id)
    )


@projects("sales.order.status_recorded", OrderStatusRecordedV1, feeds=("fact_order",))
def _status_recorded(
    recorded: OrderStatusRecordedV1, envelope: Envelope, changes: StarChanges
) -> None:
    changes.statuses.append(
        StatusChange(recorded.order_id, recorded.status, envelope.occurred_at, envelope.load_id)
    )


# The dw tables each event type's changes write to, and the context streams to consume,
# in the order declared above: reference data first.
FEEDS: dict[str, tuple[str, ...]] = {t: p.feeds for t, p in PROJECTIONS.items()}
SUBSCRIBED_CONTEXTS: tuple[str, ...] = tuple(dict.fromkeys(p.context for p in PROJECTIONS.values()))
