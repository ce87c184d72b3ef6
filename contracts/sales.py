"""Sales context: import records it accepts and integration events it publishes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from contracts.fields import OlistId, OptionalTimestamp, SourceRecord
from contracts.money import BRL

OrderStatus = Literal[
    "created",
    "approved",
    "invoiced",
    "processing",
    "shipped",
    "delivered",
    "canceled",
    "unavailable",
]
PaymentType = Literal["credit_card", "boleto", "voucher", "debit_card", "not_defined"]


# --- import records: one row of an Olist source file, as the loader sends it ---------


class OrderRecord(SourceRecord):
    order_id: OlistId
    customer_id: OlistId
    order_status: OrderStatus
    order_purchase_timestamp: datetime
    order_approved_at: OptionalTimestamp = None
    order_delivered_carrier_date: OptionalTimestamp = None
    order_delivered_customer_date: OptionalTimestamp = None
    order_estimated_delivery_date: OptionalTimestamp = None


class OrderItemRecord(SourceRecord):
    order_id: OlistId
    order_item_id: int = Field(ge=1)
    product_id: OlistId
    seller_id: OlistId
    shipping_limit_date: datetime
    price: BRL
    freight_value: BRL


class PaymentRecord(SourceRecord):
    order_id: OlistId
    payment_sequential: int = Field(ge=1)
    payment_type: PaymentType
    payment_installments: int = Field(ge=0)
    payment_value: BRL


# --- integration events (payloads; the envelope is contracts.envelope) ----------------


class OrderItemV1(BaseModel):
    order_item_id: int
    product_id: str
    seller_id: str
    shipping_limit_at: datetime
    price: BRL
    freight_value: BRL


class OrderPlacedV1(BaseModel):
    """sales.order.placed v1: a customer placed an order (occurred_at = purchase time)."""

    order_id: str
    customer_id: str
    purchased_at: datetime
    estimated_delivery_at: datetime | None
    items: list[OrderItemV1]


class OrderApprovedV1(BaseModel):
    """sales.order.approved v1: payment approved (occurred_at = approval time).

    `status` is the order's status after approval: `approved`, or `invoiced`/`processing`
    where the source says the order got that far (Olist gives those steps no timestamp).
    """

    order_id: str
    approved_at: datetime
    status: Literal["approved", "invoiced", "processing"]


class PaymentReceivedV1(BaseModel):
    """sales.payment.received v1: one payment line of an order."""

    order_id: str
    payment_sequential: int
    payment_type: str
    payment_installments: int
    payment_value: BRL


class OrderCancelledV1(BaseModel):
    """sales.order.cancelled v1: the order will not be fulfilled (canceled or unavailable)."""

    order_id: str
    status: Literal["canceled", "unavailable"]


class OrderStatusRecordedV1(BaseModel):
    """sales.order.status_recorded v1: the status the source records for an order, where
    none of the order's other events reaches it (occurred_at = its last known lifecycle
    time): `delivered` without a delivery date, `shipped` without items to hand off."""

    order_id: str
    status: OrderStatus
