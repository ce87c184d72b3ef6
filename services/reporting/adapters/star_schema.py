"""PostgreSQL adapter of the star schema: one transaction per batch of changes."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from services.chassis.bulk import upsert
from services.reporting.adapters import star_keys as keys
from services.reporting.adapters import star_tables as tables
from services.reporting.application.star_rows import StarChanges


def date_key(moment) -> int:
    return moment.year * 10000 + moment.month * 100 + moment.day


class PostgresStarSchema:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def apply(self, changes: StarChanges) -> None:
        if not changes:
            return
        with self._engine.begin() as connection:
            _ensure_dates(connection, changes)
            _dimensions(connection, changes)
            _inferred_members(connection, changes)
            _facts(connection, changes)
            _keys(connection, changes)
            _lineage(connection, changes)


def _ensure_dates(connection: Connection, changes: StarChanges) -> None:
    dates = changes.dates()
    if dates:
        connection.execute(
            text("SELECT dw.ensure_dates(:a, :b)"), {"a": min(dates), "b": max(dates)}
        )


def _dimensions(connection: Connection, changes: StarChanges) -> None:
    upsert(
        connection,
        tables.ZIP_AREAS,
        [
            (
                z.zip_code_prefix,
                z.city,
                z.state,
                z.latitude,
                z.longitude,
                z.points_used,
                False,
                z.load_id,
            )
            for z in changes.zip_areas
        ],
    )
    upsert(
        connection,
        tables.PRODUCTS,
        [
            (
                p.product_id,
                p.category_name,
                p.category_name_english,
                p.is_category_translated,
                p.name_length,
                p.description_length,
                p.photos_qty,
                p.weight_g,
                p.length_cm,
                p.height_cm,
                p.width_cm,
                False,
                p.load_id,
            )
            for p in changes.products
        ],
    )
    upsert(
        connection,
        tables.SELLERS,
        [
            (s.seller_id, s.zip_code_prefix, s.city, s.state, False, s.load_id)
            for s in changes.sellers
        ],
    )
    upsert(
        connection,
        tables.REGISTRATIONS,
        [(r.customer_unique_id, r.registered_at, False, r.load_id) for r in changes.registrations],
    )
    upsert(
        connection,
        tables.SEGMENTS,
        [(s.customer_unique_id, s.segment, s.at, s.load_id) for s in changes.latest_segments()],
    )
    upsert(
        connection,
        tables.ADDRESSES,
        [
            (
                a.customer_unique_id,
                a.valid_from,
                a.zip_code_prefix,
                a.city,
                a.state,
                a.customer_id,
                a.load_id,
            )
            for a in changes.addresses
        ],
    )
    upsert(
        connection,
        tables.LINKS,
        [
            (link.customer_id, link.order_id, link.customer_unique_id, link.load_id)
            for link in changes.links
        ],
    )


def _facts(connection: Connection, changes: StarChanges) -> None:
    for kinds, rows in _order_rows(changes).items():
        upsert(connection, tables.order_facts(kinds), rows)
    upsert(
        connection,
        tables.LINES,
        [
            (
                i.order_id,
                i.order_item_id,
                i.customer_id,
                i.product_id,
                i.seller_id,
                date_key(i.purchased_at),
                i.shipping_limit_at,
                i.price,
                i.freight_value,
                i.load_id,
            )
            for i in changes.lines
        ],
    )
    upsert(
        connection,
        tables.SHIPMENTS,
        [
            (
                s.order_id,
                s.seller_id,
                s.shipping_limit_at,
                s.dispatched_at,
                date_key(s.dispatched_at),
                s.handed_off_late,
                s.distance_km,
                s.load_id,
            )
            for s in changes.shipments
        ],
    )
    upsert(
        connection,
        tables.REVIEWS,
        [
            (
                r.review_id,
                r.order_id,
                r.score,
                date_key(r.created_at),
                r.created_at,
                r.answered_at,
                r.has_title,
                r.has_comment,
                r.comment_length,
                r.load_id,
            )
            for r in changes.reviews
        ],
    )
    upsert(
        connection,
        tables.PAYMENTS,
        [
            (
                p.order_id,
                p.sequential,
                p.payment_type,
                p.installments,
                p.value,
                date_key(p.paid_at),
                p.load_id,
            )
            for p in changes.payments
        ],
    )


def _order_rows(changes: StarChanges) -> dict[tuple[str, ...], list[tuple]]:
    """The fact_order rows of a batch, one per order, grouped by the kinds of change
    (tables.ORDER_COLUMNS) they bring: an order placed, approved and given its status in
    one batch is one row version, not three."""
    per_kind: dict[str, list[tuple[str, str, tuple[object, ...]]]] = {
        "placed": [
            (
                p.order_id,
                p.load_id,
                (
                    p.customer_id,
                    date_key(p.purchased_at),
                    p.purchased_at,
                    p.estimated_delivery_at,
                    p.item_count,
                    p.item_total,
                    p.freight_total,
                ),
            )
            for p in changes.placed
        ],
        "approval": [(a.order_id, a.load_id, (a.approved_at,)) for a in changes.approvals],
        "dispatch": [(s.order_id, s.load_id, (s.dispatched_at,)) for s in changes.shipments],
        "delivery": [
            (d.order_id, d.load_id, (d.delivered_at, d.delivery_days, d.days_late, d.is_late))
            for d in changes.deliveries
        ],
        "status": [
            (s.order_id, s.load_id, (s.status, s.at, s.rank)) for s in changes.latest_statuses()
        ],
    }
    orders: dict[str, dict[str, tuple]] = {}
    load_of: dict[str, str] = {}  # the load of the order's last kind of change
    for kind in tables.ORDER_COLUMNS:  # of one kind in one order, the last change wins
        for order_id, load_id, values in per_kind[kind]:
            orders.setdefault(order_id, {})[kind] = values
            load_of[order_id] = load_id
    grouped: dict[tuple[str, ...], list[tuple]] = {}
    for order_id, kinds in orders.items():
        row = (order_id, *(v for values in kinds.values() for v in values), load_of[order_id])
        grouped.setdefault(tuple(kinds), []).append(row)
    return grouped


def _inferred_members(connection: Connection, changes: StarChanges) -> None:
    referenced = {
        "products": changes.products_referenced(),
        "sellers": changes.sellers_referenced(),
        "customers": changes.touched_customers(),
        "zips": changes.zip_prefixes_referenced(),
    }
    for name, natural_keys in referenced.items():
        if natural_keys:
            connection.execute(keys.INFERRED_MEMBERS[name], {name: sorted(natural_keys)})


def _keys(connection: Connection, changes: StarChanges) -> None:
    customers = sorted(changes.touched_customers())
    registered = sorted({s.seller_id for s in changes.sellers})
    if changes.payments:
        paid = sorted({p.order_id for p in changes.payments})
        connection.execute(keys.ENSURE_ORDERS, {"orders": paid})
        connection.execute(keys.PAYMENT_TOTALS, {"orders": paid})
    if registered:
        connection.execute(keys.SELLER_GEOGRAPHY, {"registered": registered})
    if customers:
        connection.execute(keys.ADDRESS_PERIODS, {"customers": customers})
        connection.execute(keys.CURRENT_ADDRESS, {"customers": customers})
    for fact, orders in changes.orders_to_key().items():
        if orders:
            connection.execute(keys.FACT_KEYS[fact], {"orders": sorted(orders)})


# counts add up across batches; a batch redelivered after its commit adds again (docs/lineage.md)
LINEAGE = text("""
    INSERT INTO dw.dw_lineage AS t (load_id, table_name, event_type, source_file, events,
                                    first_applied_at, last_applied_at)
    SELECT l.*, now(), now() FROM unnest(CAST(:loads AS text[]), CAST(:tables AS text[]),
                                         CAST(:types AS text[]), CAST(:files AS text[]),
                                         CAST(:events AS bigint[])) AS l
    ON CONFLICT (load_id, table_name, event_type, source_file)
    DO UPDATE SET events = t.events + excluded.events,
                  last_applied_at = excluded.last_applied_at""")


def _lineage(connection: Connection, changes: StarChanges) -> None:
    if not changes.lineage:
        return
    connection.execute(
        LINEAGE,
        {
            "loads": [c.load_id for c in changes.lineage],
            "tables": [c.table_name for c in changes.lineage],
            "types": [c.event_type for c in changes.lineage],
            "files": [c.source_file for c in changes.lineage],
            "events": [c.events for c in changes.lineage],
        },
    )
