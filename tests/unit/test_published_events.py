"""A context's `publishes(...)` declarations: payloads filled from the event by the
contract's field names, renames and nested models, money as its exact string, and a
declaration the event cannot fill refused when the context is declared."""

from __future__ import annotations

from datetime import datetime

import orjson
import pytest

from contracts.decoding import decode
from services.chassis.events import envelope_translator, publishes
from services.customer.domain.events import SegmentChanged
from services.customer.domain.loyalty import Segment
from services.sales.domain.events import OrderPlaced, PaymentReceived
from services.sales.domain.lines import OrderItem
from shared_kernel import Money

T0 = datetime(2017, 5, 1, 9, 0)


def test_renamed_nested_and_money_fields_reach_the_payload_exactly():
    placed = publishes(
        OrderPlaced,
        ("order", "order_id"),
        purchased_at="occurred_at",
        items={"order_item_id": "item_number", "freight_value": "freight"},
    )
    event = OrderPlaced(
        occurred_at=T0,
        order_id="o1",
        customer_id="c1",
        estimated_delivery_at=None,
        items=(OrderItem(1, "p1", "s1", T0, Money.of("10.10"), Money.of("0.05")),),
    )
    translate = envelope_translator([placed], {("order", "o1"): ("orders.csv", 4)}.get)
    body = orjson.loads(translate(event, "load-1").body)
    assert body["source"] == {"file": "orders.csv", "row": 4}
    assert body["payload"] == {
        "order_id": "o1",
        "customer_id": "c1",
        "purchased_at": "2017-05-01T09:00:00",
        "estimated_delivery_at": None,
        "items": [
            {
                "order_item_id": 1,
                "product_id": "p1",
                "seller_id": "s1",
                "shipping_limit_at": "2017-05-01T09:00:00",
                "price": "10.10",
                "freight_value": "0.05",
            }
        ],
    }


def test_enums_travel_by_value_and_an_event_without_a_known_row_has_no_source():
    changed = SegmentChanged(
        occurred_at=T0,
        customer_unique_id="u1",
        order_id="o1",
        segment=Segment.LOYAL,
        previous_segment=None,
        frequency=3,
        monetary=Money.of("99.90"),
    )
    translate = envelope_translator([publishes(SegmentChanged, ("order", "order_id"))])
    envelope = decode(translate(changed, "load-1").body)
    assert envelope.source is None
    assert envelope.payload.segment == "loyal" and str(envelope.payload.monetary) == "99.90"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"payment_value": "amount"}, "PaymentReceived has no 'amount'"),
        ({"payment_total": "value"}, "PaymentReceivedV1 has no field ['payment_total']"),
        ({}, "PaymentReceived has no 'payment_sequential'"),
    ],
)
def test_a_payload_the_event_cannot_fill_is_refused_when_declared(fields, message):
    complete = {
        "payment_sequential": "sequential",
        "payment_installments": "installments",
        "payment_value": "value",
    }
    with pytest.raises(AttributeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        publishes(PaymentReceived, (), **(complete | fields if fields else {}))
