from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceFile:
    """One Olist extract file, the context that imports it, and its money columns."""

    name: str
    context: str
    kind: str
    columns: tuple[str, ...]
    money_columns: tuple[str, ...] = ()


ORDERS = SourceFile("olist_orders_dataset.csv", "sales", "orders", (
    "order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at",
    "order_delivered_carrier_date", "order_delivered_customer_date",
    "order_estimated_delivery_date"))
ORDER_ITEMS = SourceFile("olist_order_items_dataset.csv", "sales", "order_items", (
    "order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price",
    "freight_value"), money_columns=("price", "freight_value"))
PAYMENTS = SourceFile("olist_order_payments_dataset.csv", "sales", "payments", (
    "order_id", "payment_sequential", "payment_type", "payment_installments", "payment_value"),
    money_columns=("payment_value",))

# In this order: an order's header is staged before its items and payments.
LOAD_PLAN: tuple[SourceFile, ...] = (ORDERS, ORDER_ITEMS, PAYMENTS)
