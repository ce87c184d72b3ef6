"""Schema evolution (docs/events.md): fulfillment.shipment.dispatched v2 beside v1.

Fulfillment publishes v2; v1 readers keep reading it (tolerant readers); readers of the
latest version get older v1 messages upcast to v2; the star schema applies both.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import orjson
import pytest
from pydantic import BaseModel

from contracts.compatibility import SCHEMA_DIR, version_changes
from contracts.decoding import UnreadableEvent, decode
from contracts.envelope import EventEnvelope
from contracts.fulfillment import ShipmentDispatchedV1, ShipmentDispatchedV2
from contracts.registry import EVENTS, latest_version
from contracts.upcasting import UPCASTERS, Upcaster
from services.chassis.events import envelope_translator
from services.chassis.jetstream import OutboundMessage
from services.fulfillment.adapters.events import PUBLISHED
from services.fulfillment.domain.geography import ZipArea
from services.fulfillment.domain.shipment import Route, Shipment, ShipmentItem
from services.reporting.application.projection import changes_from
from shared_kernel import Geolocation

DISPATCHED = "fulfillment.shipment.dispatched"
ORDER, OTHER_ORDER = "e481f51cbdc54678b7cc49136f2d6af7", "53cdb2fc8bc7dce0b6741e2150273451"
SELLER = "48436dade18ac8b2bce089ec2a041202"
SAO_PAULO = ZipArea("01037", "sao paulo", "SP", Geolocation(-23.5456, -46.6393), 3, 1)
RIO = ZipArea("20040", "rio de janeiro", "RJ", Geolocation(-22.9061, -43.1762), 2, 0)


def v1_message(
    order_id: str = ORDER, event_id: str = "6f1c1d2e-5b7a-5d0e-9a43-0c6f3b1e2a10"
) -> OutboundMessage:
    """A ShipmentDispatched as Fulfillment wrote it before v2, retained in the stream."""
    envelope = {
        "event_id": event_id,
        "event_type": DISPATCHED,
        "schema_version": 1,
        "occurred_at": "2017-10-04T19:55:00",
        "recorded_at": "2024-01-15T08:00:00Z",
        "load_id": "load-before-v2",
        "source": {"file": "olist_order_items_dataset.csv", "row": 3},
        "payload": {
            "order_id": order_id,
            "seller_id": SELLER,
            "shipping_limit_at": "2017-10-06T11:07:15",
            "dispatched_at": "2017-10-04T19:55:00",
            "handed_off_late": False,
            "distance_km": 360.93,
        },
    }
    return OutboundMessage(event_id, f"{DISPATCHED}.v1", orjson.dumps(envelope))


def v2_message(order_id: str = ORDER, route: Route = Route(SAO_PAULO, RIO)) -> OutboundMessage:
    """The same kind of fact as Fulfillment publishes it now."""
    shipment = Shipment(order_id, SELLER, datetime(2017, 10, 4, 19, 55), route)
    shipment.add_item(ShipmentItem(1, SELLER, datetime(2017, 10, 6, 11, 7, 15)))
    translate = envelope_translator(PUBLISHED, lambda key: ("olist_order_items_dataset.csv", 3))
    return translate(shipment.events()[0], "load-after-v2")


def test_fulfillment_publishes_the_route_zip_prefixes_as_v2():
    message = v2_message()
    envelope = decode(message.body)
    assert message.subject == f"{DISPATCHED}.v2" and envelope.schema_version == 2
    assert isinstance(envelope.payload, ShipmentDispatchedV2)
    assert (
        envelope.payload.origin_zip_code_prefix,
        envelope.payload.destination_zip_code_prefix,
    ) == ("01037", "20040")
    unknown_seller = decode(v2_message(route=Route(None, RIO)).body).payload
    assert (unknown_seller.origin_zip_code_prefix, unknown_seller.distance_km) == (None, None)
    assert unknown_seller.destination_zip_code_prefix == "20040"


def test_a_v1_reader_reads_a_v2_message_and_ignores_what_v2_added():
    message = v2_message()
    as_v1 = EventEnvelope[ShipmentDispatchedV1].model_validate_json(message.body)
    as_v2 = decode(message.body)
    assert as_v1.payload.model_dump() == as_v2.payload.model_dump(
        exclude={"origin_zip_code_prefix", "destination_zip_code_prefix"}
    )
    assert str(as_v1.event_id) == message.message_id
    assert not hasattr(as_v1.payload, "origin_zip_code_prefix")


def test_an_old_v1_message_reads_as_v2_with_unknown_zip_prefixes_and_its_own_id():
    message = v1_message()
    as_written = decode(message.body, upcast=False)
    latest = decode(message.body)
    assert as_written.schema_version == 1 and isinstance(as_written.payload, ShipmentDispatchedV1)
    assert latest.schema_version == 2 and isinstance(latest.payload, ShipmentDispatchedV2)
    assert str(latest.event_id) == message.message_id
    assert latest.model_dump(exclude={"schema_version", "payload"}) == as_written.model_dump(
        exclude={"schema_version", "payload"}
    )
    assert latest.payload.model_dump() == {
        **as_written.payload.model_dump(),
        "origin_zip_code_prefix": None,
        "destination_zip_code_prefix": None,
    }


def test_the_star_schema_projects_a_v1_and_a_v2_of_the_same_shipment_alike():
    before, after = v1_message(), v2_message()
    projected = [
        changes_from([envelope]).shipments[0]
        for envelope in (decode(before.body), decode(before.body, upcast=False), decode(after.body))
    ]
    assert {dataclasses.replace(shipment, load_id="") for shipment in projected} == {
        dataclasses.replace(projected[2], load_id="")
    }
    statuses = changes_from([decode(before.body)]).statuses
    assert [(s.order_id, s.status) for s in statuses] == [(ORDER, "shipped")]


def test_the_registry_keeps_v1_beside_v2_and_both_snapshots_are_committed():
    assert EVENTS[(DISPATCHED, 1)] is ShipmentDispatchedV1
    assert EVENTS[(DISPATCHED, 2)] is ShipmentDispatchedV2
    assert latest_version(DISPATCHED) == 2 and latest_version("sales.order.placed") == 1
    assert {f"{DISPATCHED}.v1.json", f"{DISPATCHED}.v2.json"} <= {
        path.name for path in SCHEMA_DIR.glob("*.json")
    }
    assert version_changes() == []


def test_without_its_upcaster_an_old_message_is_unreadable(monkeypatch):
    monkeypatch.delitem(UPCASTERS, (DISPATCHED, 1))
    assert any("no upcaster" in problem for problem in version_changes())
    with pytest.raises(UnreadableEvent, match="no upcaster"):
        decode(v1_message().body)
    assert decode(v1_message().body, upcast=False).schema_version == 1


class ThingV1(BaseModel):
    thing_id: str
    colour: str


class ThingWithoutColourV2(BaseModel):
    thing_id: str


class ThingWithSizeV2(BaseModel):
    thing_id: str
    colour: str
    size: int | None


def versions(v2: type[BaseModel]) -> dict[tuple[str, int], type[BaseModel]]:
    return {("x.thing.made", 1): ThingV1, ("x.thing.made", 2): v2}


def test_a_v2_that_removes_a_v1_field_without_an_upcaster_is_refused():
    problems = version_changes(versions(ThingWithoutColourV2), {})
    assert "x.thing.made v1 -> v2: colour: removed" in problems
    assert "x.thing.made v1 -> v2: no upcaster from v1" in problems


def test_a_removed_field_passes_only_when_its_upcaster_declares_it():
    silent = Upcaster()
    declaring = Upcaster(
        convert=lambda p: {k: v for k, v in p.items() if k != "colour"},
        declares=frozenset({"colour"}),
    )
    assert version_changes(versions(ThingWithoutColourV2), {("x.thing.made", 1): silent}) == [
        "x.thing.made v1 -> v2: colour: removed"
    ]
    assert version_changes(versions(ThingWithoutColourV2), {("x.thing.made", 1): declaring}) == []


def test_a_field_v2_adds_must_be_given_to_older_messages_by_the_upcaster():
    assert version_changes(versions(ThingWithSizeV2), {("x.thing.made", 1): Upcaster()}) == [
        "x.thing.made v1 -> v2: size: became required"
    ]
    assert (
        version_changes(
            versions(ThingWithSizeV2), {("x.thing.made", 1): Upcaster(defaults={"size": None})}
        )
        == []
    )
    assert version_changes({("x.thing.made", 1): ThingV1}, {("x.thing.made", 1): Upcaster()}) == [
        "x.thing.made v1: an upcaster from a version that is not registered, or to one"
    ]


# --- with the real NATS and PostgreSQL ----------------------------------------------
