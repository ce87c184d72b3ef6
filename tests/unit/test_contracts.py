import copy
import json
from datetime import datetime

import pytest

from contracts.compatibility import (
    SCHEMA_DIR,
    breaking_changes,
    check_against_snapshots,
    published_schemas,
)
from contracts.decoding import UnreadableEvent, decode
from services.chassis.events import envelope_translator
from services.sales.adapters.events import PUBLISHED
from services.sales.domain.order import (
    Lifecycle,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentType,
)
from shared_kernel import Money


def test_every_published_schema_has_a_committed_snapshot_and_none_broke():
    committed = {p.name for p in SCHEMA_DIR.glob("*.json")}
    assert set(published_schemas()) <= committed, "run `make contracts` and commit the snapshot"
    assert check_against_snapshots() == []


@pytest.fixture
def placed_schema():
    return json.loads((SCHEMA_DIR / "sales.order.placed.v1.json").read_text())


def test_adding_an_optional_field_is_compatible(placed_schema):
    new = copy.deepcopy(placed_schema)
    new["properties"]["channel"] = {"type": "string", "default": "web"}
    assert breaking_changes(placed_schema, new) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda s: s["properties"].pop("customer_id"), "customer_id: removed"),
        (lambda s: s["properties"].update(customer_id={"type": "integer"}), "type changed"),
        (
            lambda s: (
                s["required"].append("extra") or s["properties"].update(extra={"type": "string"})
            ),
            "extra: became required",
        ),
        (lambda s: s["$defs"]["OrderItemV1"]["properties"].pop("price"), "items[].price: removed"),
    ],
)
def test_breaking_changes_are_refused(placed_schema, change, expected):
    new = copy.deepcopy(placed_schema)
    change(new)
    assert any(expected in problem for problem in breaking_changes(placed_schema, new))


def test_what_sales_publishes_reads_back_through_the_contract():
    order = Order(
        "a" * 32,
        "b" * 32,
        OrderStatus.CANCELED,
        Lifecycle(datetime(2017, 1, 1), datetime(2017, 1, 2)),
    )
    order.add_item(
        OrderItem(1, "p" * 32, "s" * 32, datetime(2017, 1, 5), Money.of("10.10"), Money.of("1.01"))
    )
    order.add_payment(Payment(1, PaymentType.VOUCHER, 1, Money.of("11.11")))
    translate = envelope_translator(PUBLISHED, lambda key: ("olist_orders_dataset.csv", 7))
    for event in order.events():
        message = translate(event, "load-1")
        envelope = decode(message.body)
        assert str(envelope.event_id) == message.message_id == str(event.event_id)
        assert message.subject == f"{event.event_type}.v1"
        assert envelope.load_id == "load-1" and envelope.source.row == 7
    placed = decode(translate(order.events()[0], "load-1").body).payload
    assert str(placed.items[0].price) == "10.10"


def test_an_unknown_event_is_unreadable():
    with pytest.raises(UnreadableEvent):
        decode(b'{"event_type": "sales.order.exploded", "schema_version": 1}')
    with pytest.raises(UnreadableEvent):
        decode(b"not json")
