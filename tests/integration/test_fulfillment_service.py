"""The Fulfillment service against the real PostgreSQL and NATS started by the test run."""

from __future__ import annotations

import pytest

from services.chassis.service import Service
from services.fulfillment.__main__ import FULFILLMENT
from shared_kernel import REFERENCE_TIME
from tests.integration.context_service import batch, complete, outbox_events, quarantined

pytestmark = pytest.mark.integration


@pytest.fixture
def service() -> Service:
    return FULFILLMENT


LATE, ON_TIME, WAITING, IMPOSSIBLE, MISSING = (
    "e481f51cbdc54678b7cc49136f2d6af7",
    "53cdb2fc8bc7dce0b6741e2150273451",
    "47770eb9100c2d0c44946d9cf07ec65d",
    "949d5b44dbf5de918fe9c16f97b45f8a",
    "ad21c59c0840e6cb83a9ceb5573f8159",
)
RIO_CUSTOMER, PAULISTA_CUSTOMER = (
    "9ef432eb6251297304e76186b10a928d",
    "b0830fb4747a6c6d20dea0b8c802d7ef",
)
PAULISTA_SELLER, RIO_SELLER = "48436dade18ac8b2bce089ec2a041202", "dd7ddc04e1b6c2c614352b383efe2d36"
GEO_FILE, ORDERS_FILE, ITEMS_FILE = (
    "olist_geolocation_dataset.csv",
    "olist_orders_dataset.csv",
    "olist_order_items_dataset.csv",
)
CUSTOMERS_FILE, SELLERS_FILE = "olist_customers_dataset.csv", "olist_sellers_dataset.csv"


def point(prefix, lat, lng, city, state):
    return {
        "geolocation_zip_code_prefix": prefix,
        "geolocation_lat": lat,
        "geolocation_lng": lng,
        "geolocation_city": city,
        "geolocation_state": state,
    }


def order(order_id, customer_id, status, purchased, carrier="", delivered="", estimated=""):
    return {
        "order_id": order_id,
        "customer_id": customer_id,
        "order_status": status,
        "order_purchase_timestamp": purchased,
        "order_delivered_carrier_date": carrier,
        "order_delivered_customer_date": delivered,
        "order_estimated_delivery_date": estimated,
    }


def item(order_id, number, seller_id, limit):
    return {
        "order_id": order_id,
        "order_item_id": number,
        "seller_id": seller_id,
        "shipping_limit_date": limit,
    }


GEOLOCATION = batch(
    GEO_FILE,
    point("01037", "-23.54562128115268", "-46.63929204800168", "sao paulo", "SP"),
    point("01037", "-23.546081127035535", "-46.64482029837157", "sao paulo", "SP"),
    point("01037", "41.1579", "-8.6291", "sao paulo", "SP"),  # abroad: discarded
    point("20040", "-22.90616", "-43.17616", "rio de janeiro", "RJ"),
    point("20040", "-22.9058", "-43.1762", "rio de janeiro", "RJ"),
    point("20040", "-123.9", "-43.17", "rio de janeiro", "RJ"),
)  # not on Earth: rejected
ORDERS = batch(
    ORDERS_FILE,
    order(
        LATE,
        RIO_CUSTOMER,
        "delivered",
        "2017-10-02 10:56:33",
        "2017-10-04 19:55:00",
        "2017-10-20 21:25:13",
        "2017-10-18 00:00:00",
    ),
    order(
        ON_TIME,
        PAULISTA_CUSTOMER,
        "delivered",
        "2018-01-10 20:41:37",
        "2018-01-12 14:31:00",
        "2018-01-15 15:27:45",
        "2018-01-30 00:00:00",
    ),
    order(
        WAITING, RIO_CUSTOMER, "processing", "2018-08-01 09:00:00", "", "", "2018-08-20 00:00:00"
    ),
    order(
        IMPOSSIBLE,
        RIO_CUSTOMER,
        "delivered",
        "2018-02-01 09:00:00",
        "2018-02-02 09:00:00",
        "2018-01-30 09:00:00",
        "2018-02-20 00:00:00",
    ),
)
ITEMS = batch(
    ITEMS_FILE,
    item(LATE, "1", PAULISTA_SELLER, "2017-10-06 11:07:15"),
    item(LATE, "2", RIO_SELLER, "2017-10-03 11:07:15"),
    item(ON_TIME, "1", PAULISTA_SELLER, "2018-01-16 20:41:37"),
    item(WAITING, "1", RIO_SELLER, "2018-08-05 09:00:00"),
    item(MISSING, "1", RIO_SELLER, "2018-08-05 09:00:00"),
)
CUSTOMERS = batch(
    CUSTOMERS_FILE,
    {"customer_id": RIO_CUSTOMER, "customer_zip_code_prefix": "20040"},
    {"customer_id": PAULISTA_CUSTOMER, "customer_zip_code_prefix": "01037"},
)
SELLERS = batch(
    SELLERS_FILE,
    {"seller_id": PAULISTA_SELLER, "seller_zip_code_prefix": "01037"},
    {"seller_id": RIO_SELLER, "seller_zip_code_prefix": "20040"},
)
EVERYTHING = (
    ("geolocation", GEOLOCATION),
    ("orders", ORDERS),
    ("shipment_items", ITEMS),
    ("customer_locations", CUSTOMERS),
    ("seller_locations", SELLERS),
)


def stage(client, load_id, batches=EVERYTHING):
    for kind, body in batches:
        response = client.post(f"/imports/{load_id}/{kind}", json=body)
        assert response.status_code == 200, response.text


def by_type(events):
    grouped: dict[str, list] = {}
    for event in events:
        grouped.setdefault(event.event_type.split(".", 1)[1], []).append(event)
    return grouped


def test_a_load_publishes_deliveries_shipments_and_zip_areas(client, engine):
    outcome = client.post("/imports/load-1/geolocation", json=GEOLOCATION).json()
    assert (outcome["accepted"], outcome["rejected"]) == (5, 1)
    stage(client, "load-1", EVERYTHING[1:])
    # 2 zip areas + 3 valid orders; LATE: completed, delayed, 2 dispatched; ON_TIME:
    # completed, 1 dispatched; WAITING: nothing yet; 2 zip areas located
    assert complete(client, "load-1") == {"aggregates": 5, "events": 8, "orphans": 1}
    events = by_type(outbox_events(engine, "fulfillment"))
    assert {k: len(v) for k, v in events.items()} == {
        "zip_area.located": 2,
        "delivery.completed": 2,
        "delivery.delayed": 1,
        "shipment.dispatched": 3,
    }
    areas = {e.payload.zip_code_prefix: e.payload for e in events["zip_area.located"]}
    assert (areas["01037"].points_used, areas["01037"].points_discarded) == (2, 1)
    assert areas["01037"].latitude == pytest.approx(-23.5458, abs=1e-4)
    assert all(e.occurred_at == REFERENCE_TIME for e in events["zip_area.located"])
    delayed = events["delivery.delayed"][0]
    assert (delayed.payload.order_id, delayed.payload.days_late) == (LATE, 2)
    assert delayed.source.file == ORDERS_FILE and delayed.source.row == 1
    shipped = {(e.payload.order_id, e.payload.seller_id): e for e in events["shipment.dispatched"]}
    from_sao_paulo = shipped[(LATE, PAULISTA_SELLER)].payload
    assert 350 < from_sao_paulo.distance_km < 365 and not from_sao_paulo.handed_off_late
    assert (from_sao_paulo.origin_zip_code_prefix, from_sao_paulo.destination_zip_code_prefix) == (
        "01037",
        "20040",
    )
    assert {e.schema_version for e in events["shipment.dispatched"]} == {2}
    assert shipped[(LATE, RIO_SELLER)].payload.handed_off_late
    assert shipped[(LATE, RIO_SELLER)].payload.distance_km == pytest.approx(0, abs=0.1)
    assert shipped[(LATE, RIO_SELLER)].source.row == 2
    assert str(shipped[(LATE, RIO_SELLER)].occurred_at) == "2017-10-04 19:55:00"
    rejects = quarantined(engine, "fulfillment")
    assert rejects[(GEO_FILE, 6)].startswith("geolocation_lat:")
    assert rejects[(ORDERS_FILE, 4)] == "delivered before it was purchased"
    assert rejects[(ITEMS_FILE, 5)] == "order_id: no such order in the source"
    assert len(rejects) == 3


def test_a_repeated_load_changes_nothing_and_appends_no_event(client, engine):
    stage(client, "load-1")
    first = complete(client, "load-1")
    before = [e.event_id for e in outbox_events(engine, "fulfillment")]
    stage(client, "load-2")
    again = complete(client, "load-2")
    assert first["events"] == 8 and again["events"] == 0
    assert again["aggregates"] == first["aggregates"]
    assert [e.event_id for e in outbox_events(engine, "fulfillment")] == before
    assert len(quarantined(engine, "fulfillment")) == 3


def test_a_window_publishes_exactly_the_events_whose_business_time_is_in_it(client, engine):
    stage(client, "load-1")
    october = complete(client, "load-1", "2017-10-01T00:00:00", "2017-10-20T21:25:13")
    events = by_type(outbox_events(engine, "fulfillment"))
    assert october["events"] == 4  # LATE's 2 shipments (Oct 4), 2 zip areas (reference time)
    assert set(events) == {"zip_area.located", "shipment.dispatched"}
    assert {e.payload.order_id for e in events["shipment.dispatched"]} == {LATE}
    stage(client, "load-2")
    rest = complete(client, "load-2", "2017-10-20T21:25:13")
    assert rest["events"] == 4  # LATE delivered (completed + delayed), ON_TIME's 2 events
    stage(client, "load-3")
    assert complete(client, "load-3")["events"] == 0  # both windows made the full history
    occurred = sorted(
        str(e.occurred_at)
        for e in outbox_events(engine, "fulfillment")
        if e.occurred_at != REFERENCE_TIME
    )
    assert occurred == [
        "2017-10-04 19:55:00",
        "2017-10-04 19:55:00",
        "2017-10-20 21:25:13",
        "2017-10-20 21:25:13",
        "2018-01-12 14:31:00",
        "2018-01-15 15:27:45",
    ]


def test_a_seller_located_in_a_later_load_re_routes_its_shipments(client, engine):
    stage(client, "load-1", EVERYTHING[:4])
    complete(client, "load-1")
    unrouted = [
        e.payload for e in by_type(outbox_events(engine, "fulfillment"))["shipment.dispatched"]
    ]
    assert {p.distance_km for p in unrouted} == {None}
    assert {(p.origin_zip_code_prefix, p.destination_zip_code_prefix) for p in unrouted} == {
        (None, "20040"),
        (None, "01037"),
    }
    stage(client, "load-2", [("seller_locations", SELLERS)])
    assert complete(client, "load-2")["events"] == 3
    rerouted = [
        e
        for e in by_type(outbox_events(engine, "fulfillment"))["shipment.dispatched"]
        if e.load_id == "load-2"
    ]
    assert len(rerouted) == 3 and all(e.payload.distance_km is not None for e in rerouted)
    assert {e.payload.origin_zip_code_prefix for e in rerouted} == {"01037", "20040"}


def test_carrier_performance_rates_deliveries_per_month_and_customer_state(client):
    stage(client, "load-1")
    complete(client, "load-1")
    october = client.get("/carrier-performance", params={"month": "2017-10"})
    assert october.status_code == 200
    assert october.json() == [
        {"month": "2017-10", "state": "RJ", "delivered": 1, "on_time": 0, "on_time_rate": 0.0}
    ]
    every_month = client.get("/carrier-performance").json()
    assert [(r["month"], r["state"], r["on_time_rate"]) for r in every_month] == [
        ("2017-10", "RJ", 0.0),
        ("2018-01", "SP", 1.0),
    ]
    assert client.get("/carrier-performance", params={"month": "2017-13"}).status_code == 422
