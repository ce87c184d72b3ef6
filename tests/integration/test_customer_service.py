"""The Customer service against the real PostgreSQL and NATS: stage Olist rows over the
import API, complete the load, and read what it recorded."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import text

from services.chassis.service import Service
from services.customer.__main__ import CUSTOMER
from tests.integration.context_service import complete, outbox_events, quarantined

pytestmark = pytest.mark.integration


@pytest.fixture
def service() -> Service:
    return CUSTOMER


CUSTOMERS, ORDERS = "olist_customers_dataset.csv", "olist_orders_dataset.csv"
PAYMENTS, REVIEWS = "olist_order_payments_dataset.csv", "olist_order_reviews_dataset.csv"

ANA, BRUNO, CARLA = (
    "861eff4711a542e4b93843c6dd7febb0",
    "290c77bc529b7ac935b93aa66c333dc3",
    "060e732b5b29e8181a18229c7b0b2b5e",
)
ANA_FRANCA, ANA_SBC = "06b8999e2fba1a1fbc88172c00ba8bc7", "18955e83d337fd6b2def6b18a428ac77"
BRUNO_SP, CARLA_SP = "4e7b3e00288586ebd08712fdd0374a03", "b2b6027bc5c5109e529d4dc6358b12c3"
FIRST, SECOND = "e481f51cbdc54678b7cc49136f2d6af7", "53cdb2fc8bc7dce0b6741e2150273451"
CANCELED, ORPHAN = "47770eb9100c2d0c44946d9cf07ec65d", "949d5b44dbf5de918fe9c16f97b45f8a"
REVIEW, STRAY = "7bc2406110b926393aa56f80a40eba40", "80e641a11e56f04c1ad469d5645fdfde"


def customer_row(customer_id, person, zip_prefix, city, state="SP"):
    return {
        "customer_id": customer_id,
        "customer_unique_id": person,
        "customer_zip_code_prefix": zip_prefix,
        "customer_city": city,
        "customer_state": state,
    }


def order_row(order_id, customer_id, status, purchased):
    return {
        "order_id": order_id,
        "customer_id": customer_id,
        "order_status": status,
        "order_purchase_timestamp": purchased,
    }


def payment_row(order_id, sequential, value):
    return {"order_id": order_id, "payment_sequential": str(sequential), "payment_value": value}


def review_row(review_id, order_id, score, created, answered, comment=None):
    return {
        "review_id": review_id,
        "order_id": order_id,
        "review_score": str(score),
        "review_comment_title": "",
        "review_comment_message": comment,
        "review_creation_date": created,
        "review_answer_timestamp": answered,
    }


CUSTOMER_ROWS = {
    1: customer_row(ANA_FRANCA, ANA, "14409", "franca"),
    2: customer_row(ANA_SBC, ANA, "09790", "sao bernardo do campo"),
    3: customer_row(BRUNO_SP, BRUNO, "01310", "sao paulo"),
    4: customer_row(CARLA_SP, CARLA, "01310", "sao paulo"),  # never ordered
    5: customer_row("a" * 32, "b" * 32, "14409", "franca", state="XX"),  # no such state
    6: customer_row("c" * 32, "d" * 32, "1440", "franca"),  # 4-digit zip
}
ORDER_ROWS = {
    1: order_row(FIRST, ANA_FRANCA, "delivered", "2017-05-16 15:05:35"),
    2: order_row(SECOND, ANA_SBC, "delivered", "2017-11-20 10:12:00"),
    3: order_row(CANCELED, BRUNO_SP, "canceled", "2018-01-12 20:48:24"),
    4: order_row(ORPHAN, "f" * 32, "delivered", "2018-02-01 08:00:00"),  # customer never came
    5: order_row("e" * 32, BRUNO_SP, "lost", "2018-02-02 08:00:00"),  # no such status
}
PAYMENT_ROWS = {
    1: payment_row(FIRST, 1, "146.87"),
    2: payment_row(SECOND, 1, "100.00"),
    3: payment_row(SECOND, 2, "45.00"),
    4: payment_row(CANCELED, 1, "89.90"),
    5: payment_row("9" * 32, 1, "10.00"),  # order never came
}
REVIEW_ROWS = {
    1: review_row(REVIEW, FIRST, 4, "2017-05-26 00:00:00", "2017-05-27 21:46:59", "Chegou"),
    2: review_row(REVIEW, SECOND, 5, "2017-11-30 00:00:00", "2017-12-01 03:05:13"),
    3: review_row(STRAY, "8" * 32, 5, "2018-03-10 00:00:00", None),  # order never came
    4: review_row("1" * 32, CANCELED, 1, "2018-01-20 00:00:00", "2018-01-19 10:00:00"),
    5: review_row("2" * 32, CANCELED, 7, "2018-01-20 00:00:00", None, "Nota sete"),
}
FULL_LOAD = {
    "customers": (CUSTOMERS, CUSTOMER_ROWS),
    "orders": (ORDERS, ORDER_ROWS),
    "payments": (PAYMENTS, PAYMENT_ROWS),
    "reviews": (REVIEWS, REVIEW_ROWS),
}


def stage(client, load_id, kind, source_file, rows):
    response = client.post(
        f"/imports/{load_id}/{kind}",
        json={
            "source_file": source_file,
            "rows": [{"row": n, "values": values} for n, values in rows.items()],
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def stage_all(client, load_id, kinds=FULL_LOAD):
    return {kind: stage(client, load_id, kind, *batch) for kind, batch in kinds.items()}


def test_a_load_publishes_people_orders_segments_and_reviews(client, engine, pseudonym_of):
    outcome = stage_all(client, "load-1")
    assert [outcome[k]["rejected"] for k in FULL_LOAD] == [2, 1, 0, 2]

    assert complete(client, "load-1") == {"aggregates": 5, "events": 10, "orphans": 3}

    events = outbox_events(engine, "customer")
    assert Counter(e.event_type for e in events) == {
        "customer.customer.registered": 2,
        "customer.order.attributed": 3,
        "customer.customer.moved": 1,
        "customer.segment.changed": 2,
        "customer.review.submitted": 2,
    }
    registered = {
        e.payload.customer_unique_id: e
        for e in events
        if e.event_type == "customer.customer.registered"
    }
    # people as pseudonyms only; Carla never ordered; Bruno's order was canceled
    ana, bruno = pseudonym_of(ANA), pseudonym_of(BRUNO)
    assert set(registered) == {ana, bruno}
    assert registered[ana].occurred_at == datetime(2017, 5, 16, 15, 5, 35)
    assert registered[ana].source.file == CUSTOMERS and registered[ana].source.row == 1
    assert registered[ana].payload.customer_id == pseudonym_of(ANA_FRANCA)
    [moved] = [e for e in events if e.event_type == "customer.customer.moved"]
    assert (moved.payload.previous_address.city, moved.payload.address.zip_code_prefix) == (
        "franca",
        "09790",
    )
    assert moved.occurred_at == datetime(2017, 11, 20, 10, 12)
    segments = [
        (e.payload.segment, e.payload.previous_segment, str(e.payload.monetary))
        for e in events
        if e.event_type == "customer.segment.changed"
    ]
    assert sorted(segments) == [("loyal", "new", "291.87"), ("new", None, "146.87")]
    reviews = {e.payload.order_id: e for e in events if e.event_type == "customer.review.submitted"}
    assert set(reviews) == {FIRST, SECOND}
    first = reviews[FIRST].payload  # what can be said about the words, not the words
    assert (first.has_title, first.has_comment, first.comment_length) == (False, True, 6)
    assert reviews[SECOND].source.file == REVIEWS and reviews[SECOND].source.row == 2

    assert quarantined(engine, "customer") == {
        (CUSTOMERS, 5): "not a Brazilian state: 'XX'",
        (CUSTOMERS, 6): "customer_zip_code_prefix: String should match pattern '^[0-9]{5}$'",
        (ORDERS, 5): "order_status: unknown status 'lost'",
        (REVIEWS, 4): "review answered before it was created",
        (REVIEWS, 5): "review_score: Input should be less than or equal to 5",
        (ORDERS, 4): "customer_id: no such customer in the source",
        (PAYMENTS, 5): "order_id: no such order in the source",
        (REVIEWS, 3): "order_id: no such order in the source",
    }
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT comment FROM customer.review WHERE order_id = :o"), {"o": FIRST}
        ).scalar_one()
        kept = connection.execute(
            text(
                "SELECT record::text FROM customer.quarantine WHERE source_row = 5"
                " AND source_file = :f"
            ),
            {"f": REVIEWS},
        ).scalar_one()
        assert stored.startswith("aesgcm:k1:") and "Chegou" not in stored  # sealed at rest
        assert "aesgcm:k1:" in kept and "Nota sete" not in kept
        findings = connection.execute(
            text("SELECT review_id, order_id, kind FROM customer.review_finding ORDER BY order_id")
        )
        assert [tuple(f) for f in findings] == [
            (REVIEW, SECOND, "repeated_review_id"),
            (REVIEW, FIRST, "repeated_review_id"),
        ]


def test_repeating_a_load_changes_nothing(client, engine):
    stage_all(client, "load-1")
    complete(client, "load-1")
    before = [e.event_id for e in outbox_events(engine, "customer")]
    stage_all(client, "load-1")
    assert complete(client, "load-1")["events"] == 0
    stage_all(client, "load-2")
    assert complete(client, "load-2")["events"] == 0
    assert [e.event_id for e in outbox_events(engine, "customer")] == before
    assert len(quarantined(engine, "customer")) == 8


def test_a_window_publishes_exactly_its_events_and_windows_add_up_to_a_full_load(client, engine):
    stage_all(client, "load-1")
    start, end = datetime(2017, 6, 1), datetime(2018, 1, 1)
    assert complete(client, "load-1", start.isoformat(), end.isoformat())["events"] == 4
    events = outbox_events(engine, "customer")
    assert all(start <= e.occurred_at < end for e in events)
    assert Counter(e.event_type for e in events) == {
        "customer.order.attributed": 1,
        "customer.customer.moved": 1,
        "customer.segment.changed": 1,
        "customer.review.submitted": 1,
    }
    [change] = [e for e in events if e.event_type == "customer.segment.changed"]
    assert change.payload.previous_segment == "new"  # from the order before the window

    assert complete(client, "load-1", None, start.isoformat())["events"] == 4
    assert complete(client, "load-1", end.isoformat(), None)["events"] == 2
    assert complete(client, "load-1")["events"] == 0  # the windows gave the full load


def test_a_load_of_new_rows_only_rebuilds_the_people_they_touch(client, engine):
    first = {1: CUSTOMER_ROWS[1]}
    stage(client, "day-1", "customers", CUSTOMERS, first)
    stage(client, "day-1", "orders", ORDERS, {1: ORDER_ROWS[1]})
    assert complete(client, "day-1")["events"] == 3  # registered, attributed, segment new

    stage(client, "day-2", "payments", PAYMENTS, {1: PAYMENT_ROWS[1]})
    assert complete(client, "day-2") == {"aggregates": 1, "events": 1, "orphans": 0}

    stage(client, "day-3", "customers", CUSTOMERS, {2: CUSTOMER_ROWS[2]})
    stage(client, "day-3", "orders", ORDERS, {2: ORDER_ROWS[2]})
    assert complete(client, "day-3")["events"] == 3  # attributed, moved, segment loyal
    changes = [
        (e.payload.segment, str(e.payload.monetary))
        for e in outbox_events(engine, "customer")
        if e.event_type == "customer.segment.changed"
    ]
    assert changes == [("new", "0.00"), ("new", "146.87"), ("loyal", "146.87")]
