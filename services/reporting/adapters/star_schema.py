"""PostgreSQL adapter of the star schema: set-based, idempotent upserts."""
from __future__ import annotations

from sqlalchemy import Engine, text

from services.chassis.bulk import Upsert, upsert
from services.reporting.application.projection import StarChanges


def date_key(moment) -> int:
    return moment.year * 10000 + moment.month * 100 + moment.day


PLACED = Upsert("dw.fact_order", (
    "order_id", "customer_id", "purchase_date_key", "purchased_at", "estimated_delivery_at",
    "item_count", "item_total", "freight_total", "load_id"), key=("order_id",))
LINES = Upsert("dw.fact_order_item", (
    "order_id", "order_item_id", "customer_id", "product_id", "seller_id", "purchase_date_key",
    "shipping_limit_at", "price", "freight_value", "load_id"), key=("order_id", "order_item_id"))
PAYMENTS = Upsert("dw.fact_payment", (
    "order_id", "payment_sequential", "payment_type", "payment_installments", "payment_value",
    "payment_date_key", "load_id"), key=("order_id", "payment_sequential"))
APPROVALS = Upsert("dw.fact_order", ("order_id", "approved_at", "load_id"), key=("order_id",))
# a status change only replaces an earlier one (business time, then lifecycle rank)
STATUSES = Upsert(
    "dw.fact_order", ("order_id", "order_status", "status_at", "status_rank", "load_id"),
    key=("order_id",), only_if="t.status_at IS NULL OR "
    "(excluded.status_at, excluded.status_rank) >= (t.status_at, t.status_rank)")

PAYMENT_TOTALS = text("""
    UPDATE dw.fact_order f SET payment_total = s.total, payment_count = s.n
    FROM (SELECT order_id, sum(payment_value) AS total, count(*) AS n FROM dw.fact_payment
          WHERE order_id = ANY(:ids) GROUP BY order_id) s
    WHERE f.order_id = s.order_id
      AND (f.payment_total, f.payment_count) IS DISTINCT FROM (s.total, s.n)""")
ENSURE_ORDERS = text(
    "INSERT INTO dw.fact_order (order_id) SELECT unnest(CAST(:ids AS text[])) ON CONFLICT DO NOTHING")


class PostgresStarSchema:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def apply(self, changes: StarChanges) -> None:
        with self._engine.begin() as connection:
            dates = changes.dates()
            if dates:
                connection.execute(text("SELECT dw.ensure_dates(:a, :b)"),
                                   {"a": min(dates), "b": max(dates)})
            upsert(connection, PLACED, [
                (p.order_id, p.customer_id, date_key(p.purchased_at), p.purchased_at,
                 p.estimated_delivery_at, p.item_count, p.item_total, p.freight_total, p.load_id)
                for p in changes.placed])
            upsert(connection, LINES, [
                (l.order_id, l.order_item_id, l.customer_id, l.product_id, l.seller_id,
                 date_key(l.purchased_at), l.shipping_limit_at, l.price, l.freight_value, l.load_id)
                for l in changes.lines])
            upsert(connection, APPROVALS, [
                (a.order_id, a.approved_at, a.load_id) for a in changes.approvals])
            upsert(connection, STATUSES, [
                (s.order_id, s.status, s.at, s.rank, s.load_id) for s in changes.latest_statuses()])
            if changes.payments:
                upsert(connection, PAYMENTS, [
                    (p.order_id, p.sequential, p.payment_type, p.installments, p.value,
                     date_key(p.paid_at), p.load_id) for p in changes.payments])
                paid_orders = sorted({p.order_id for p in changes.payments})
                connection.execute(ENSURE_ORDERS, {"ids": paid_orders})
                connection.execute(PAYMENT_TOTALS, {"ids": paid_orders})
