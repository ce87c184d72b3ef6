"""The Marketplace service against the real PostgreSQL and NATS started by the test run."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from services.chassis.service import Service
from services.marketplace.__main__ import MARKETPLACE
from shared_kernel import REFERENCE_TIME
from tests.integration.context_service import batch, outbox_events

pytestmark = pytest.mark.integration


@pytest.fixture
def service() -> Service:
    return MARKETPLACE


PERFUME = "1e9e8ef04dbcff4541ed26657ea517e5"
GAMER = "3aa071139cb16b67ca9e5dea641aaa2f"
NO_CATEGORY = "a41e356c76fab66334f36de622ecbd3a"
HEAVY = "96bd76ec8810374ed1b65e291975717f"
SELLER = "3442f8959a84dea7ee197c632cb2df15"
OTHER_SELLER = "d1b65fc7debc3361ea86b5f14c68d2e2"
TRANSLATIONS_FILE = "product_category_name_translation.csv"
PRODUCTS_FILE = "olist_products_dataset.csv"
SELLERS_FILE = "olist_sellers_dataset.csv"


def product(product_id, category, weight="225"):
    return {
        "product_id": product_id,
        "product_category_name": category,
        "product_name_lenght": "40",
        "product_description_lenght": "287",
        "product_photos_qty": "1",
        "product_weight_g": weight,
        "product_length_cm": "16",
        "product_height_cm": "10",
        "product_width_cm": "14",
    }


def seller(seller_id, zip_prefix, city, state):
    return {
        "seller_id": seller_id,
        "seller_zip_code_prefix": zip_prefix,
        "seller_city": city,
        "seller_state": state,
    }


TRANSLATIONS = batch(
    TRANSLATIONS_FILE,
    {"product_category_name": "perfumaria", "product_category_name_english": "perfumery"},
    {"product_category_name": "artes", "product_category_name_english": ""},
)
PRODUCTS = batch(
    PRODUCTS_FILE,
    product(PERFUME, "perfumaria"),
    product(GAMER, "pc_gamer"),
    product(NO_CATEGORY, ""),
    product(HEAVY, "esporte_lazer", weight="-5"),
)
SELLERS = batch(
    SELLERS_FILE,
    seller(SELLER, "13023", "campinas", "SP"),
    seller(OTHER_SELLER, "20031", "rio de janeiro", "XX"),
)


def load(
    client,
    load_id,
    window=(None, None),
    batches=(("category_translations", TRANSLATIONS), ("products", PRODUCTS), ("sellers", SELLERS)),
):
    for kind, body in batches:
        assert client.post(f"/imports/{load_id}/{kind}", json=body).status_code == 200
    response = client.post(
        f"/imports/{load_id}/complete", json={"window_from": window[0], "window_to": window[1]}
    )
    assert response.status_code == 200
    return response.json()


def test_a_load_lists_products_and_registers_sellers(client, engine):
    outcome = client.post("/imports/load-1/products", json=PRODUCTS).json()
    assert (outcome["accepted"], outcome["rejected"]) == (3, 1)
    assert load(client, "load-1") == {"aggregates": 4, "events": 4, "orphans": 0}
    events = outbox_events(engine, "marketplace")
    listed = {
        e.payload.product_id: e.payload
        for e in events
        if e.event_type == "marketplace.product.listed"
    }
    assert (listed[PERFUME].category_name_english, listed[PERFUME].is_category_translated) == (
        "perfumery",
        True,
    )
    assert (listed[GAMER].category_name_english, listed[GAMER].is_category_translated) == (
        "pc_gamer",
        False,
    )
    assert (listed[NO_CATEGORY].category_name, listed[NO_CATEGORY].category_name_english) == (
        "sem_categoria",
        "uncategorized",
    )
    registered = [e for e in events if e.event_type == "marketplace.seller.registered"]
    assert [(e.payload.seller_id, e.payload.city) for e in registered] == [(SELLER, "campinas")]
    assert registered[0].source.file == SELLERS_FILE and registered[0].source.row == 1
    assert {e.occurred_at for e in events} == {REFERENCE_TIME}
    assert {e.load_id for e in events} == {"load-1"}


def test_rejected_rows_are_quarantined_with_a_reason(client, engine):
    load(client, "load-1")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT source_file, source_row, record_kind, reason FROM marketplace.quarantine"
                " ORDER BY source_file"
            )
        ).all()
    assert [(f, r, k) for f, r, k, _ in rows] == [
        (PRODUCTS_FILE, 4, "product"),
        (SELLERS_FILE, 2, "seller"),
        (TRANSLATIONS_FILE, 2, "category_translation"),
    ]
    reasons = [reason for *_, reason in rows]
    assert "product_weight_g" in reasons[0]
    assert "not a Brazilian state" in reasons[1]
    assert "product_category_name_english" in reasons[2]


def test_a_repeated_load_appends_no_event(client, engine):
    load(client, "load-1")
    before = outbox_events(engine, "marketplace")
    assert load(client, "load-1")["events"] == 0
    assert load(client, "load-2")["events"] == 0
    assert len(outbox_events(engine, "marketplace")) == len(before) == 4


def test_reference_events_are_published_whatever_the_window(client, engine):
    outcome = load(client, "load-1", window=("2018-01-01T00:00:00", "2018-02-01T00:00:00"))
    assert outcome["events"] == 4
    assert {e.occurred_at for e in outbox_events(engine, "marketplace")} == {REFERENCE_TIME}


def test_a_new_translation_lists_the_products_of_its_category_again(client, engine):
    load(client, "load-1")
    gamer = batch(
        TRANSLATIONS_FILE,
        {"product_category_name": "pc_gamer", "product_category_name_english": "gaming_pc"},
    )
    outcome = load(client, "load-2", batches=(("category_translations", gamer),))
    assert outcome == {"aggregates": 1, "events": 1, "orphans": 0}
    relisted = outbox_events(engine, "marketplace")[-1]
    assert relisted.load_id == "load-2" and relisted.payload.product_id == GAMER
    assert (relisted.payload.category_name_english, relisted.payload.is_category_translated) == (
        "gaming_pc",
        True,
    )
    assert relisted.source.file == PRODUCTS_FILE and relisted.source.row == 2


def test_a_stock_report_is_published_once_at_the_time_reported(client, engine):
    load(client, "load-1")
    report = {
        "product_id": PERFUME,
        "seller_id": SELLER,
        "quantity": 12,
        "reported_at": "2018-09-01T10:30:00",
    }
    first = client.post("/inventory", json=report)
    assert first.status_code == 202 and first.json()["is_new"] is True
    again = client.post("/inventory", json=report)
    assert again.json() == {"event_id": first.json()["event_id"], "is_new": False}
    updates = [
        e
        for e in outbox_events(engine, "marketplace")
        if e.event_type == "marketplace.inventory.updated"
    ]
    assert len(updates) == 1
    assert str(updates[0].event_id) == first.json()["event_id"]
    assert updates[0].occurred_at.isoformat() == "2018-09-01T10:30:00"
    assert (updates[0].payload.quantity, updates[0].payload.seller_id) == (12, SELLER)


def test_the_latest_report_is_the_stock_level(client, engine):
    load(client, "load-1")
    for quantity, moment in ((5, "2018-09-02T09:00:00"), (9, "2018-09-01T09:00:00")):
        assert (
            client.post(
                "/inventory",
                json={
                    "product_id": PERFUME,
                    "seller_id": SELLER,
                    "quantity": quantity,
                    "reported_at": moment,
                },
            ).status_code
            == 202
        )
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT quantity FROM marketplace.stock_level")).scalar_one()
            == 5
        )
    assert (
        len(
            [
                e
                for e in outbox_events(engine, "marketplace")
                if e.event_type == "marketplace.inventory.updated"
            ]
        )
        == 2
    )


def test_a_report_with_an_offset_is_moved_onto_brasilia_time(client, engine):
    load(client, "load-1")
    assert (
        client.post(
            "/inventory",
            json={
                "product_id": PERFUME,
                "seller_id": SELLER,
                "quantity": 1,
                "reported_at": "2018-09-01T13:30:00Z",
            },
        ).status_code
        == 202
    )
    updated = [
        e
        for e in outbox_events(engine, "marketplace")
        if e.event_type == "marketplace.inventory.updated"
    ]
    assert updated[0].occurred_at.isoformat() == "2018-09-01T10:30:00"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"quantity": 2**31}, ["body", "quantity"]),  # more than PostgreSQL's integer
        ({"reported_at": "0001-01-01T00:00:00+05:00"}, ["body", "reported_at"]),  # year 0
        ({"product_id": "perfume"}, ["body", "product_id"]),  # not an Olist id
    ],
)
def test_a_stock_report_the_database_cannot_hold_is_refused_with_422(client, change, where):
    report = {
        "product_id": PERFUME,
        "seller_id": SELLER,
        "quantity": 1,
        "reported_at": "2018-09-01T10:30:00",
    }
    answer = client.post("/inventory", json={**report, **change})
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == where


def test_a_stock_report_of_an_unknown_product_or_negative_quantity_is_refused(client, engine):
    load(client, "load-1")
    report = {
        "product_id": "0" * 32,
        "seller_id": SELLER,
        "quantity": 1,
        "reported_at": "2018-09-01T10:30:00",
    }
    assert client.post("/inventory", json=report).status_code == 404
    negative = client.post("/inventory", json={**report, "product_id": PERFUME, "quantity": -1})
    assert negative.status_code == 422 and "negative" in negative.json()["detail"][0]["msg"]
    assert all(
        e.event_type != "marketplace.inventory.updated"
        for e in outbox_events(engine, "marketplace")
    )
