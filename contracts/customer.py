"""Customer context: people, their addresses, reviews and loyalty. Import records and
integration events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from contracts.fields import (
    OlistId,
    OptionalText,
    OptionalTimestamp,
    SourceRecord,
    State,
    ZipPrefix,
)
from contracts.money import BRL

Segment = Literal["new", "promising", "loyal", "champion", "at_risk", "hibernating"]

# --- import records -----------------------------------------------------------------


class CustomerRecord(SourceRecord):
    """olist_customers_dataset.csv: one customer record per order."""

    customer_id: OlistId
    customer_unique_id: OlistId
    customer_zip_code_prefix: ZipPrefix
    customer_city: str = Field(min_length=1)
    customer_state: State


class CustomerOrderRecord(SourceRecord):
    """olist_orders_dataset.csv, the columns Customer needs: who ordered when."""

    order_id: OlistId
    customer_id: OlistId
    order_status: str
    order_purchase_timestamp: datetime


class CustomerPaymentRecord(SourceRecord):
    """olist_order_payments_dataset.csv, the columns Customer needs: what an order brought."""

    order_id: OlistId
    payment_sequential: int = Field(ge=1)
    payment_value: BRL


class ReviewRecord(SourceRecord):
    review_id: OlistId
    order_id: OlistId
    review_score: int = Field(ge=1, le=5)
    review_comment_title: OptionalText = None
    review_comment_message: OptionalText = None
    review_creation_date: datetime
    review_answer_timestamp: OptionalTimestamp = None


# --- integration events -------------------------------------------------------------


class Address(BaseModel):
    zip_code_prefix: str
    city: str
    state: str


class CustomerRegisteredV1(BaseModel):
    """customer.customer.registered v1: a person's first order (occurred_at = its purchase)."""

    customer_unique_id: str
    customer_id: str
    address: Address


class CustomerMovedV1(BaseModel):
    """customer.customer.moved v1: a person ordered from a new address (occurred_at = the
    purchase of the first order from there). Olist publishes addresses per order only."""

    customer_unique_id: str
    customer_id: str
    address: Address
    previous_address: Address


class OrderAttributedV1(BaseModel):
    """customer.order.attributed v1: an order's customer record belongs to this person
    (occurred_at = purchase). Olist gives every order its own customer_id."""

    order_id: str
    customer_id: str
    customer_unique_id: str


class SegmentChangedV1(BaseModel):
    """customer.segment.changed v1: `Customer.calculate_segment()` moved the person to
    another segment (occurred_at = the purchase that changed it). docs/segments.md."""

    customer_unique_id: str
    segment: Segment
    previous_segment: Segment | None
    frequency: int
    monetary: BRL


class ReviewSubmittedV1(BaseModel):
    """customer.review.submitted v1: a review of an order (occurred_at = creation date)."""

    review_id: str
    order_id: str
    score: int = Field(ge=1, le=5)
    title: str | None
    comment: str | None
    answered_at: datetime | None


class ReviewSubmittedV2(BaseModel):
    """customer.review.submitted v2: a review of an order (occurred_at = creation date),
    without the words: what a person wrote stays in the Customer context, sealed
    (docs/adr/0013-personal-data.md); the event says whether there is a title and a comment,
    and how long the comment is (in characters)."""

    review_id: str
    order_id: str
    score: int = Field(ge=1, le=5)
    has_title: bool
    has_comment: bool  # a comment that is not blank
    comment_length: int = Field(ge=0)
    answered_at: datetime | None
