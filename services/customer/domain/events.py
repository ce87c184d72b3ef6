from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.customer.domain.loyalty import Segment
from shared_kernel import Address, DomainEvent, Money


@dataclass(frozen=True, kw_only=True)
class CustomerRegistered(DomainEvent):
    """A person's first order (occurred_at = its purchase)."""

    event_type = "customer.customer.registered"
    natural_key_fields = ("customer_unique_id",)

    customer_unique_id: str
    customer_id: str
    address: Address


@dataclass(frozen=True, kw_only=True)
class CustomerMoved(DomainEvent):
    """A person ordered from a new zip prefix (occurred_at = that order's purchase)."""

    event_type = "customer.customer.moved"
    natural_key_fields = ("customer_unique_id", "customer_id")

    customer_unique_id: str
    customer_id: str
    address: Address
    previous_address: Address


@dataclass(frozen=True, kw_only=True)
class OrderAttributed(DomainEvent):
    """An order's customer record belongs to this person (occurred_at = purchase)."""

    event_type = "customer.order.attributed"
    natural_key_fields = ("order_id",)

    order_id: str
    customer_id: str
    customer_unique_id: str


@dataclass(frozen=True, kw_only=True)
class SegmentChanged(DomainEvent):
    """A purchase moved the person to another segment (occurred_at = that purchase;
    `order_id` is the order purchased then, the last one if several were)."""

    event_type = "customer.segment.changed"
    natural_key_fields = ("customer_unique_id", "occurred_at")

    customer_unique_id: str
    order_id: str
    segment: Segment
    previous_segment: Segment | None
    frequency: int
    monetary: Money


@dataclass(frozen=True, kw_only=True)
class ReviewSubmitted(DomainEvent):
    """A review of an order (occurred_at = its creation date). Version 2 carries what can be
    said about the words, not the words (docs/adr/0013-personal-data.md)."""

    event_type = "customer.review.submitted"
    schema_version = 2
    natural_key_fields = ("review_id", "order_id")

    review_id: str
    order_id: str
    score: int
    has_title: bool
    has_comment: bool
    comment_length: int
    answered_at: datetime | None
