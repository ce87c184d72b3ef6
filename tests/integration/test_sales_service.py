"""The Sales service against the real PostgreSQL and NATS: stage Olist rows over the
intake API, complete the load, and read the events, invoices and quarantine it recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from services.chassis.service import Service
from services.sales.__main__ import SALES
from tests.integration.context_service import batch, complete, outbox_events, quarantined

pytestmark = pytest.mark.integration
ORDERS, ITEMS = "olist_orders_dataset.csv", "olist_order_items_dataset.csv"
PAYMENTS = "olist_order_payments_dataset.csv"
PAID, SHORT, LATE = "a" * 32, "b" * 32, "c" * 32  # paid in full, paid less, delivered undated


@pytest.fixture
def service() -> Service:
    return SALES


def order(order_id: str, status: str = "delivered", delivered: str | None = "2017-05-20 10:00:00"):
    return {
        "order_id": order_id,
        "customer_id": "f" * 32,
        "order_status": status,
        "order_purchase_timestamp": "2017-05-10 09:00:00",
        "order_approved_at": "2017-05-10 09:30:00",
        "order_delivered_carrier_date": "2017-05-12 14:00:00",
        "order_delivered_customer_date": delivered,
        "order_estimated_delivery_date": "2017-05-25 00:00:00",
    }


def item(order_id: str, price: str, freight: str = "5.00"):
    return {
        "order_id": order_id,
        "order_item_id": "1",
        "product_id": "1" * 32,
        "seller_id": "2" * 32,
        "shipping_limit_date": "2017-05-12 09:30:00",
        "price": price,
        "freight_value": freight,
    }


def payment(order_id: str, value: str):
    return {
        "order_id": order_id,
        "payment_sequential": "1",
        "payment_type": "credit_card",
        "payment_installments": "2",
        "payment_value": value,
    }


def stage(client, load_id: str, kind: str, body: dict) -> dict:
    response = client.post(f"/imports/{load_id}/{kind}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def invoices(engine) -> dict[str, tuple[Decimal, ...]]:
    with engine.connect() as connection:
        return {
            row.order_id: (row.items_total, row.freight_total, row.amount_paid, row.balance)
            for row in connection.execute(text("SELECT * FROM sales.invoice"))
        }


def test_a_load_becomes_events_invoices_and_a_quarantine(client, engine):
    stage(
        client,
        "l1",
        "orders",
        batch(ORDERS, order(PAID), order(SHORT), order(LATE, delivered=None)),
    )
    stage(
        client,
        "l1",
        "order_items",
        batch(
            ITEMS,
            item(PAID, "100.00"),
            item(SHORT, "50.00"),
            item(LATE, "10.00"),
            item("9" * 32, "1.00"),
        ),
    )
    outcome = stage(
        client,
        "l1",
        "payments",
        batch(
            PAYMENTS, payment(PAID, "105.00"), payment(SHORT, "50.00"), payment(LATE, "ten reais")
        ),
    )
    assert (outcome["accepted"], outcome["rejected"]) == (2, 1)
    done = complete(client, "l1")
    assert (done["aggregates"], done["orphans"]) == (3, 1)
    assert invoices(engine) == {
        PAID: (Decimal("100.00"), Decimal("5.00"), Decimal("105.00"), Decimal("0.00")),
        SHORT: (Decimal("50.00"), Decimal("5.00"), Decimal("50.00"), Decimal("-5.00")),
        LATE: (Decimal("10.00"), Decimal("5.00"), Decimal("0.00"), Decimal("-15.00")),
    }
    events = outbox_events(engine, "sales")
    recorded = [e.payload.status for e in events if e.event_type == "sales.order.status_recorded"]
    assert recorded == ["delivered"]  # the order delivered without a delivery date
    reasons = quarantined(engine, "sales")
    assert reasons[(ITEMS, 4)] == "order_id: no such order in the source"
    assert reasons[(PAYMENTS, 3)].startswith("payment_value")


def test_completing_the_load_again_records_nothing_new(client, engine):
    stage(client, "l1", "orders", batch(ORDERS, order(PAID)))
    first = complete(client, "l1")
    again = complete(client, "l1")
    assert first["events"] > 0 and again["events"] == 0
    assert len(outbox_events(engine, "sales")) == first["events"]
