"""PostgreSQL adapters of the Sales ports: explicit row <-> aggregate translation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.orphans import absent_parents
from services.sales.domain.invoice import Invoice
from services.sales.domain.lines import OrderItem, Payment, PaymentType
from services.sales.domain.order import Lifecycle, Order, OrderStatus
from shared_kernel import Money

SCHEMA = "sales"

ORDERS = Upsert(
    "sales.customer_order",
    (
        "order_id",
        "customer_id",
        "status",
        "purchased_at",
        "approved_at",
        "delivered_carrier_at",
        "delivered_customer_at",
        "estimated_delivery_at",
        "source_file",
        "source_row",
        "load_id",
    ),
    key=("order_id",),
    keep=("load_id",),
)
ITEMS = Upsert(
    "sales.order_item",
    (
        "order_id",
        "item_number",
        "product_id",
        "seller_id",
        "shipping_limit_at",
        "price",
        "freight",
        "source_file",
        "source_row",
        "load_id",
    ),
    key=("order_id", "item_number"),
    keep=("load_id",),
)
PAYMENTS = Upsert(
    "sales.payment",
    (
        "order_id",
        "sequential",
        "payment_type",
        "installments",
        "value",
        "source_file",
        "source_row",
        "load_id",
    ),
    key=("order_id", "sequential"),
    keep=("load_id",),
)
INVOICES = Upsert(
    "sales.invoice",
    ("order_id", "items_total", "freight_total", "amount_paid", "balance"),
    key=("order_id",),
)


MISSING_ORDERS = absent_parents("sales.customer_order", "order_id")
ORPHANS = text(
    "SELECT 'order_item', i.source_file, i.source_row, jsonb_build_object("
    " 'order_id', i.order_id, 'order_item_id', i.item_number, 'product_id', i.product_id,"
    " 'seller_id', i.seller_id, 'shipping_limit_date', i.shipping_limit_at,"
    " 'price', i.price::text, 'freight_value', i.freight::text)"
    f" FROM sales.order_item i WHERE i.order_id = ANY({MISSING_ORDERS})"
    " UNION ALL"
    " SELECT 'payment', p.source_file, p.source_row, jsonb_build_object("
    " 'order_id', p.order_id, 'payment_sequential', p.sequential,"
    " 'payment_type', p.payment_type, 'payment_installments', p.installments,"
    " 'payment_value', p.value::text)"
    f" FROM sales.payment p WHERE p.order_id = ANY({MISSING_ORDERS})"
)


class PostgresOrderRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        # provenance of what this repository has seen: ("order", id) / ("payment", id, seq)
        self.sources: dict[tuple, tuple[str, int]] = {}

    def stage_orders(self, load_id: str, orders: Sequence[Sourced[Order]]) -> None:
        rows = [
            (
                o.value.order_id,
                o.value.customer_id,
                o.value.status.value,
                o.value.lifecycle.purchased_at,
                o.value.lifecycle.approved_at,
                o.value.lifecycle.delivered_to_carrier_at,
                o.value.lifecycle.delivered_to_customer_at,
                o.value.lifecycle.estimated_delivery_at,
                o.file,
                o.row,
                load_id,
            )
            for o in orders
        ]
        upsert(self._connection, ORDERS, rows)

    def stage_items(self, load_id: str, items: Sequence[Sourced[tuple[str, OrderItem]]]) -> None:
        rows = [
            (
                order_id,
                i.item_number,
                i.product_id,
                i.seller_id,
                i.shipping_limit_at,
                i.price.amount,
                i.freight.amount,
                s.file,
                s.row,
                load_id,
            )
            for s in items
            for order_id, i in [s.value]
        ]
        upsert(self._connection, ITEMS, rows)

    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, Payment]]]
    ) -> None:
        rows = [
            (
                order_id,
                p.sequential,
                p.payment_type.value,
                p.installments,
                p.value.amount,
                s.file,
                s.row,
                load_id,
            )
            for s in payments
            for order_id, p in [s.value]
        ]
        upsert(self._connection, PAYMENTS, rows)

    def get_many(self, order_ids: Sequence[str]) -> list[Order]:
        ids = {"ids": list(order_ids)}
        orders: dict[str, Order] = {}
        for row in self._connection.execute(
            text(
                "SELECT order_id, customer_id, status, purchased_at, approved_at,"
                " delivered_carrier_at, delivered_customer_at, estimated_delivery_at,"
                " source_file, source_row FROM sales.customer_order WHERE order_id = ANY(:ids)"
            ),
            ids,
        ):
            orders[row.order_id] = Order(
                row.order_id,
                row.customer_id,
                OrderStatus(row.status),
                Lifecycle(
                    row.purchased_at,
                    row.approved_at,
                    row.delivered_carrier_at,
                    row.delivered_customer_at,
                    row.estimated_delivery_at,
                ),
            )
            self.sources[("order", row.order_id)] = (row.source_file, row.source_row)
        for row in self._connection.execute(
            text(
                "SELECT order_id, item_number, product_id, seller_id, shipping_limit_at, price,"
                " freight FROM sales.order_item WHERE order_id = ANY(:ids)"
            ),
            ids,
        ):
            if row.order_id in orders:
                orders[row.order_id].add_item(
                    OrderItem(
                        row.item_number,
                        row.product_id,
                        row.seller_id,
                        row.shipping_limit_at,
                        Money(row.price),
                        Money(row.freight),
                    )
                )
        for row in self._connection.execute(
            text(
                "SELECT order_id, sequential, payment_type, installments, value, source_file,"
                " source_row FROM sales.payment WHERE order_id = ANY(:ids)"
            ),
            ids,
        ):
            if row.order_id in orders:
                orders[row.order_id].add_payment(
                    Payment(
                        row.sequential,
                        PaymentType(row.payment_type),
                        row.installments,
                        Money(row.value),
                    )
                )
                self.sources[("payment", row.order_id, row.sequential)] = (
                    row.source_file,
                    row.source_row,
                )
        return list(orders.values())

    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]:
        """Staged items and payments of these orders whose order header never arrived."""
        rows = self._connection.execute(ORPHANS, {"ids": list(order_ids)})
        return [
            Rejection(file, row, kind, "order_id: no such order in the source", record)
            for kind, file, row, record in rows
        ]

    def save_invoices(self, invoices: Sequence[Invoice]) -> None:
        upsert(
            self._connection,
            INVOICES,
            [
                (
                    i.order_id,
                    i.items_total.amount,
                    i.freight_total.amount,
                    i.amount_paid.amount,
                    i.balance.amount,
                )
                for i in invoices
            ],
        )

    def source_of(self, key: tuple) -> tuple[str, int] | None:
        return self.sources.get(key)
