"""PostgreSQL adapters of the Sales ports: explicit row <-> aggregate translation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.orphans import absent_parents
from services.chassis.intake.staging import StagedTable
from services.chassis.repository import SqlRepository
from services.sales.domain.invoice import Invoice
from services.sales.domain.lines import OrderItem, Payment, PaymentType
from services.sales.domain.order import Lifecycle, Order, OrderStatus
from shared_kernel import Money

SCHEMA = "sales"


def _order_row(order: Order) -> tuple:
    lifecycle = order.lifecycle
    return (
        order.order_id,
        order.customer_id,
        order.status.value,
        lifecycle.purchased_at,
        lifecycle.approved_at,
        lifecycle.delivered_to_carrier_at,
        lifecycle.delivered_to_customer_at,
        lifecycle.estimated_delivery_at,
    )


def _item_row(line: tuple[str, OrderItem]) -> tuple:
    order_id, i = line
    return (
        order_id,
        i.item_number,
        i.product_id,
        i.seller_id,
        i.shipping_limit_at,
        i.price.amount,
        i.freight.amount,
    )


def _payment_row(line: tuple[str, Payment]) -> tuple:
    order_id, p = line
    return order_id, p.sequential, p.payment_type.value, p.installments, p.value.amount


ORDERS = StagedTable(
    "sales.customer_order",
    "order_id customer_id status purchased_at approved_at delivered_carrier_at"
    " delivered_customer_at estimated_delivery_at",
    key="order_id",
    row=_order_row,
)
ITEMS = StagedTable(
    "sales.order_item",
    "order_id item_number product_id seller_id shipping_limit_at price freight",
    key="order_id item_number",
    row=_item_row,
)
PAYMENTS = StagedTable(
    "sales.payment",
    "order_id sequential payment_type installments value",
    key="order_id sequential",
    row=_payment_row,
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


class PostgresOrderRepository(SqlRepository):
    def stage_orders(self, load_id: str, orders: Sequence[Sourced[Order]]) -> None:
        ORDERS.stage(self._connection, load_id, orders)

    def stage_items(self, load_id: str, items: Sequence[Sourced[tuple[str, OrderItem]]]) -> None:
        ITEMS.stage(self._connection, load_id, items)

    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, Payment]]]
    ) -> None:
        PAYMENTS.stage(self._connection, load_id, payments)

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
            self._sources.note(("order", row.order_id), row)
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
                self._sources.note(("payment", row.order_id, row.sequential), row)
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
