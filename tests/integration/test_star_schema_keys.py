"""Surrogate keys come out the same whatever order an order's events reach the star
schema in: the order placed (Sales), its customer attributed to a person and its review
(Customer) arrive on different streams, in batches of their own."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import permutations

import pytest
from sqlalchemy import text

from services.chassis.database import make_engine
from services.reporting.__main__ import REPORTING
from services.reporting.adapters.star_schema import PostgresStarSchema
from services.reporting.adapters.warehouse_reads import checksums
from services.reporting.application.star_rows import (
    Approval,
    Delivery,
    OrderLine,
    OrderLink,
    PlacedOrder,
    Review,
    Shipment,
    StarChanges,
)
from services.reporting.domain.order_snapshot import StatusChange

pytestmark = pytest.mark.integration


@pytest.fixture
def service():
    return REPORTING


AT = datetime(2017, 3, 4, 10, 0)


def arrivals(n: int) -> dict[str, StarChanges]:
    order, customer, person = f"order-{n}", f"customer-{n}", f"person-{n}"
    return {
        "placed": StarChanges(
            placed=[
                PlacedOrder(
                    order, customer, AT, None, 1, Decimal("10.00"), Decimal("1.00"), "load-1"
                )
            ],
            lines=[
                OrderLine(
                    order,
                    1,
                    customer,
                    "product-1",
                    "seller-1",
                    AT,
                    AT,
                    Decimal("10.00"),
                    Decimal("1.00"),
                    "load-1",
                )
            ],
        ),
        "attributed": StarChanges(links=[OrderLink(customer, order, person, "load-1")]),
        "reviewed": StarChanges(
            reviews=[Review(f"review-{n}", order, 4, AT, None, False, False, 0, "load-1")]
        ),
    }


def customer_keys(engine, n: int) -> dict[str, int | None]:
    with engine.connect() as connection:
        person = connection.execute(
            text("SELECT customer_key FROM dw.dim_customer WHERE customer_unique_id = :p"),
            {"p": f"person-{n}"},
        ).scalar_one()
        return {
            fact: connection.execute(
                text(f"SELECT customer_key FROM dw.{fact} WHERE order_id = :o"), {"o": f"order-{n}"}
            ).scalar_one()
            - person
            for fact in ("fact_order", "fact_order_item", "fact_review")
        }


def test_every_fact_of_an_order_gets_its_persons_key_in_any_arrival_order(client, engine):
    star = PostgresStarSchema(engine)
    for n, order in enumerate(permutations(["placed", "attributed", "reviewed"])):
        batches = arrivals(n)
        for kind in order:
            star.apply(batches[kind])
        assert customer_keys(engine, n) == {
            "fact_order": 0,
            "fact_order_item": 0,
            "fact_review": 0,
        }, order


def lifecycle_batches(n: int) -> dict[str, StarChanges]:
    """An order's facts as Sales and Fulfillment send them, each batch with its status."""
    order, approved = f"order-{n}", datetime(2017, 3, 4, 11, 0)
    dispatched, delivered = datetime(2017, 3, 6, 9, 0), datetime(2017, 3, 9, 15, 0)
    placed = arrivals(n)["placed"]
    return {
        "sales": StarChanges(
            placed=placed.placed,
            lines=placed.lines,
            approvals=[Approval(order, approved, "load-1")],
            statuses=[
                StatusChange(order, "created", AT, "load-1"),
                StatusChange(order, "approved", approved, "load-1"),
            ],
        ),
        "dispatched": StarChanges(
            shipments=[Shipment(order, "seller-1", AT, dispatched, False, 12.5, "load-1")],
            statuses=[StatusChange(order, "shipped", dispatched, "load-1")],
        ),
        "delivered": StarChanges(
            deliveries=[Delivery(order, delivered, 5, 0, False, "load-1")],
            statuses=[StatusChange(order, "delivered", delivered, "load-1")],
        ),
    }


def order_row(engine, n: int) -> tuple:
    with engine.connect() as connection:
        return tuple(
            connection.execute(
                text(
                    "SELECT order_status, status_at, purchased_at, approved_at, delivered_carrier_at,"
                    " delivered_customer_at, delivery_days, item_total FROM dw.fact_order"
                    " WHERE order_id = :o"
                ),
                {"o": f"order-{n}"},
            ).one()
        )


def row_version(engine, n: int) -> str:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT xmin::text FROM dw.fact_order WHERE order_id = :o"), {"o": f"order-{n}"}
        ).scalar_one()


def test_an_orders_row_is_the_same_whatever_order_its_batches_arrive_in(client, engine):
    star = PostgresStarSchema(engine)
    expected = (
        "delivered",
        datetime(2017, 3, 9, 15, 0),
        AT,
        datetime(2017, 3, 4, 11, 0),
        datetime(2017, 3, 6, 9, 0),
        datetime(2017, 3, 9, 15, 0),
        5,
        Decimal("10.00"),
    )
    for n, order in enumerate(permutations(["sales", "dispatched", "delivered"]), start=100):
        batches = lifecycle_batches(n)
        for kind in order:
            star.apply(batches[kind])
        assert order_row(engine, n) == expected, order
        version = row_version(engine, n)
        star.apply(batches[order[0]])  # a batch delivered again changes nothing
        assert row_version(engine, n) == version, order


def test_one_batch_with_an_orders_whole_lifecycle_writes_its_latest_status(client, engine):
    star = PostgresStarSchema(engine)
    batches = lifecycle_batches(200)
    star.apply(
        StarChanges(
            **{
                name: [change for batch in batches.values() for change in getattr(batch, name)]
                for name in ("placed", "lines", "approvals", "statuses", "shipments", "deliveries")
            }
        )
    )
    assert order_row(engine, 200)[:2] == ("delivered", datetime(2017, 3, 9, 15, 0))


def test_a_fact_attached_to_the_unknown_member_changes_the_checksum(client, engine):
    star = PostgresStarSchema(engine)
    for batch in arrivals(99).values():
        star.apply(batch)
    url = engine.url.render_as_string(hide_password=False)
    before = checksums(url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE dw.fact_review SET customer_key = 0 WHERE order_id = 'order-99'")
        )
    after = checksums(url)
    assert after["fact_review"] != before["fact_review"]
    assert {t: c for t, c in after.items() if t != "fact_review"} == {
        t: c for t, c in before.items() if t != "fact_review"
    }


def test_checksums_compare_what_keys_point_to_not_their_values(client, engine, database_url):
    star = PostgresStarSchema(engine)
    for batch in arrivals(98).values():
        star.apply(batch)
    url = engine.url.render_as_string(hide_password=False)
    before = checksums(url)
    admin = make_engine(database_url)
    with admin.begin() as connection:  # the same person under another surrogate key
        connection.execute(text("SET LOCAL session_replication_role = replica"))  # no FK checks
        old = connection.execute(
            text(
                "UPDATE dw.dim_customer SET customer_key = customer_key"
                " + 1000 WHERE customer_unique_id = 'person-98'"
                " RETURNING customer_key - 1000"
            )
        ).scalar_one()
        for fact in ("fact_order", "fact_order_item", "fact_review"):
            connection.execute(
                text(
                    f"UPDATE dw.{fact} SET customer_key = customer_key + 1000"
                    " WHERE customer_key = :old"
                ),
                {"old": old},
            )
    admin.dispose()
    assert checksums(url) == before
