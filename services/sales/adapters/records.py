"""Source-record mapping: a raw row of an Olist file -> a Sales domain object, or a
rejection that says which column broke which rule."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from contracts.imports import ImportBatch
from contracts.sales import OrderItemRecord, OrderRecord, PaymentRecord
from services.sales.application.ports import Rejection, Sourced
from services.sales.domain.order import (
    Lifecycle, Order, OrderItem, OrderStatus, Payment, PaymentType, SalesRuleViolation,
)
from shared_kernel import Money


def order_from(record: OrderRecord) -> Order:
    return Order(
        order_id=record.order_id, customer_id=record.customer_id,
        status=OrderStatus(record.order_status),
        lifecycle=Lifecycle(
            purchased_at=record.order_purchase_timestamp,
            approved_at=record.order_approved_at,
            delivered_to_carrier_at=record.order_delivered_carrier_date,
            delivered_to_customer_at=record.order_delivered_customer_date,
            estimated_delivery_at=record.order_estimated_delivery_date,
        ),
    )


def item_from(record: OrderItemRecord) -> tuple[str, OrderItem]:
    return record.order_id, OrderItem(
        item_number=record.order_item_id, product_id=record.product_id,
        seller_id=record.seller_id, shipping_limit_at=record.shipping_limit_date,
        price=Money(record.price), freight=Money(record.freight_value))


def payment_from(record: PaymentRecord) -> tuple[str, Payment]:
    return record.order_id, Payment(
        sequential=record.payment_sequential, payment_type=PaymentType(record.payment_type),
        installments=record.payment_installments, value=Money(record.payment_value))


MAPPINGS: dict[str, tuple[type[BaseModel], Callable[[Any], Any], str]] = {
    "orders": (OrderRecord, order_from, "order"),
    "order_items": (OrderItemRecord, item_from, "order_item"),
    "payments": (PaymentRecord, payment_from, "payment"),
}


def parse_batch(kind: str, batch: ImportBatch) -> tuple[list[Sourced], list[Rejection]]:
    record_model, to_domain, record_kind = MAPPINGS[kind]
    accepted: list[Sourced] = []
    rejected: list[Rejection] = []
    for raw in batch.rows:
        try:
            value = to_domain(record_model.model_validate(raw.values))
        except ValidationError as error:
            reason = describe(error)
        except (SalesRuleViolation, ValueError) as error:
            reason = str(error)
        else:
            accepted.append(Sourced(batch.source_file, raw.row, value))
            continue
        rejected.append(Rejection(batch.source_file, raw.row, record_kind, reason, raw.values))
    return accepted, rejected


def describe(error: ValidationError) -> str:
    """`price: Input should be greater than or equal to 0` — one clause per broken column."""
    parts = []
    for problem in error.errors(include_url=False):
        column = ".".join(str(p) for p in problem["loc"]) or "row"
        parts.append(f"{column}: {problem['msg']}")
    return "; ".join(sorted(parts))
