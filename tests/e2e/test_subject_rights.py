"""A data subject's rights on a whole system: `subject export` gathers what is held about one
person; `subject erase` leaves nothing of them anywhere (every column of every table, every
retained message, every log), keeps their orders counted, survives a rebuild of the star
schema from the streams, and is idempotent."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

import nats.errors
import psycopg
import pytest
from nats.js.api import ConsumerConfig

from olist_dw.backup.operations import create_backup, stop_streaming
from olist_dw.backup.settings import backup_settings
from olist_dw.backup.warehouse_restore import restore_warehouse
from olist_dw.rebuild import admin_jetstream, rebuild_reporting
from olist_dw.subjects.erasure import erase
from olist_dw.subjects.export import export
from services.chassis.jetstream import ERASURE_NOTICE_STREAM
from tests.conftest import pseudonyms_of
from tests.e2e.conftest import read_rows
from tests.e2e.personal_data_search import everywhere, where_found

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def person(synthetic_source) -> dict:
    """A person with several orders and a review in words of their own."""
    customers = read_rows(synthetic_source, "olist_customers_dataset.csv")
    orders = read_rows(synthetic_source, "olist_orders_dataset.csv")
    reviews = read_rows(synthetic_source, "olist_order_reviews_dataset.csv")
    person_of = {c["customer_id"]: c["customer_unique_id"] for c in customers}
    orders_of, records_of = defaultdict(set), defaultdict(set)
    for order in orders:
        orders_of[person_of[order["customer_id"]]].add(order["order_id"])
    for customer in customers:
        records_of[customer["customer_unique_id"]].add(customer["customer_id"])
    words = defaultdict(set)
    for review in reviews:
        comment = review["review_comment_message"].strip()
        if len(comment) >= 12:
            for who, theirs in orders_of.items():
                if review["order_id"] in theirs:
                    words[who].add(comment)
    # words only they wrote: a search for them is a search for this person
    everyone = defaultdict(int)
    for theirs in words.values():
        for w in theirs:
            everyone[w] += 1
    chosen = next(
        who
        for who in sorted(orders_of, key=lambda w: -len(orders_of[w]))
        if any(everyone[w] == 1 for w in words[who])
    )
    return {
        "id": chosen,
        "records": records_of[chosen],
        "orders": orders_of[chosen],
        "words": {w for w in words[chosen] if everyone[w] == 1},
    }


@pytest.fixture(scope="module")
def backed_up(synthetic_warehouse):
    """A base backup taken before the erasure, and the moment the erasure began."""
    settings = backup_settings({}, stack=synthetic_warehouse)
    create_backup(settings)
    moments: dict[str, datetime] = {}
    yield settings, moments
    stop_streaming(settings)


def counted(stack) -> tuple[int, Decimal]:
    with psycopg.connect(stack.database_url("olist_analyst")) as analyst:
        row = analyst.execute("SELECT count(*), sum(payment_total) FROM dw.fact_order").fetchone()
    assert row is not None
    return row[0], row[1]


def traces(stack, person) -> dict[str, list[str]]:
    hidden = pseudonyms_of(stack)
    identifiers = {person["id"], *person["records"]}
    identifiers |= {hidden(i) for i in identifiers}
    return where_found(everywhere(stack), identifiers, person["words"])


def test_export_gathers_what_is_held_about_the_person(synthetic_warehouse, person):
    held = export(synthetic_warehouse, person["id"])
    hidden = pseudonyms_of(synthetic_warehouse)
    assert held["pseudonym"] == hidden(person["id"])
    assert set(held["customer_records"]) == {hidden(r) for r in person["records"]}
    assert set(held["orders"]) == person["orders"]
    accounts = held["contexts"]["customer"]["accounts"]
    assert {a["customer_id"] for a in accounts} == set(held["customer_records"])
    written = {
        r["comment"].strip() for r in held["contexts"]["customer"]["reviews"] if r["comment"]
    }
    assert person["words"] <= written  # opened: the person's own words
    assert held["warehouse"]["dim_customer"] and held["warehouse"]["fact_order"]
    assert held["retained_messages"].get("CUSTOMER", 0) > 0


def test_an_erased_person_is_found_nowhere_and_their_orders_stay_counted(
    synthetic_warehouse, person, backed_up
):
    stack = synthetic_warehouse
    before = counted(stack)
    backed_up[1]["erasure"] = datetime.now(UTC)
    assert traces(stack, person), "the search must find the person before the erasure"
    asyncio.run(outside_system(stack, "subscribe"))
    erasure = erase(stack, person["id"])
    assert erasure.rows > 0 and erasure.messages > 0 and erasure.first_time
    (notice,) = asyncio.run(outside_system(stack, "receive"))
    assert notice["event_type"] == "privacy.subject.erased"
    hidden = pseudonyms_of(stack)
    assert notice["payload"]["people"][0] == hidden(person["id"])
    assert set(notice["payload"]["people"][1:]) == {hidden(r) for r in person["records"]}
    assert set(notice["payload"]["orders"]) == person["orders"]
    assert notice["payload"]["erasure"] == erasure.tag
    assert traces(stack, person) == {}  # acknowledged, the notice is gone from the stream
    assert counted(stack) == before


async def outside_system(stack, step: str) -> list[dict]:
    """A system outside the warehouse that erases what it holds when told: its durable
    consumer on the erasure notices."""
    async with admin_jetstream(stack.nats.url, stack.nats.tls_ca) as js:
        if step == "subscribe":
            await js.add_consumer(
                ERASURE_NOTICE_STREAM, ConsumerConfig(durable_name="crm", ack_policy="explicit")
            )
            return []
        subscription = await js.pull_subscribe_bind("crm", ERASURE_NOTICE_STREAM)
        try:
            messages = await subscription.fetch(10, timeout=3)
        except nats.errors.TimeoutError:
            messages = []
        for message in messages:
            await message.ack_sync()
        await js.delete_consumer(ERASURE_NOTICE_STREAM, "crm")
        return [json.loads(m.data) for m in messages]


def test_the_erasure_survives_a_rebuild_from_the_streams_and_is_idempotent(
    synthetic_warehouse, person
):
    stack = synthetic_warehouse
    before = counted(stack)
    rebuild_reporting(stack)
    assert traces(stack, person) == {}
    asyncio.run(outside_system(stack, "subscribe"))
    again = erase(stack, person["id"])
    assert (again.rows, again.messages, again.first_time) == (0, 0, False)
    assert asyncio.run(outside_system(stack, "receive")) == []  # told once
    assert counted(stack) == before
    held = export(stack, person["id"])
    assert held["customer_records"] == [] and held["warehouse"]["dim_customer"] == []


def test_a_restore_to_before_the_erasure_does_not_bring_the_person_back(
    synthetic_warehouse, person, backed_up
):
    stack = synthetic_warehouse
    settings, moments = backed_up
    before = counted(stack)
    restore_warehouse(stack, settings, to_time=moments["erasure"])
    assert traces(stack, person) == {}
    assert counted(stack) == before
