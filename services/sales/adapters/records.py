"""Source-record mapping: a row of an Olist file -> a Sales domain object (whose rules
raise SalesRuleViolation, a ValueError, when broken)."""

from __future__ import annotations

from contracts.sales import OrderItemRecord, OrderRecord, PaymentRecord
from services.chassis.intake.records import RecordMapping
from services.sales.domain.lines import OrderItem, Payment, PaymentType
from services.sales.domain.order import Lifecycle, Order, OrderStatus
from shared_kernel import Money


def order_from(record: OrderRecord) -> Order:
    return Order(
        order_id=record.order_id,
        customer_id=record.customer_id,
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
        item_number=record.order_item_id,
        product_id=record.product_id,
        seller_id=record.seller_id,
        shipping_limit_at=record.shipping_limit_date,
        price=Money(record.price),
        freight=Money(record.freight_value),
    )


def payment_from(record: PaymentRecord) -> tuple[str, Payment]:
    return record.order_id, Payment(
        sequential=record.payment_sequential,
        payment_type=PaymentType(record.payment_type),
        installments=record.payment_installments,
        value=Money(record.payment_value),
    )


MAPPINGS = {
    "orders": RecordMapping(OrderRecord, order_from, "order"),
    "order_items": RecordMapping(OrderItemRecord, item_from, "order_item"),
    "payments": RecordMapping(PaymentRecord, payment_from, "payment"),
}
