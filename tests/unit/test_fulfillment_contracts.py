from datetime import datetime

from contracts.decoding import decode
from contracts.fulfillment import (
    DeliveryCompletedV1,
    DeliveryDelayedV1,
    ShipmentDispatchedV2,
    ZipAreaLocatedV1,
)
from contracts.imports import ImportBatch
from services.chassis.events import envelope_translator
from services.chassis.intake.records import parse_batch
from services.chassis.personal_data import TextKeys, personal_data_of
from services.fulfillment.adapters.events import PUBLISHED
from services.fulfillment.adapters.records import MAPPINGS
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import ZipArea
from services.fulfillment.domain.shipment import ShipmentItem
from shared_kernel import REFERENCE_TIME, Geolocation

ORDER, CUSTOMER, SELLER = (
    "e481f51cbdc54678b7cc49136f2d6af7",
    "9ef432eb6251297304e76186b10a928d",
    "48436dade18ac8b2bce089ec2a041202",
)
SAO_PAULO = ZipArea("01037", "sao paulo", "SP", Geolocation(-23.5456, -46.6393), 3, 1)
RIO = ZipArea("20040", "rio de janeiro", "RJ", None, 0, 2)


def test_what_fulfillment_publishes_reads_back_through_the_contract():
    delivery = Delivery(
        ORDER,
        CUSTOMER,
        "delivered",
        datetime(2017, 10, 2, 10, 56, 33),
        datetime(2017, 10, 4, 19, 55),
        datetime(2017, 10, 20, 21, 25, 13),
        datetime(2017, 10, 18),
        destination=SAO_PAULO,
    )
    shipments = delivery.shipments(
        [ShipmentItem(1, SELLER, datetime(2017, 10, 6, 11, 7, 15))], {SELLER: SAO_PAULO}
    )
    events = [*delivery.events(), *shipments[0].events(), *SAO_PAULO.events(), *RIO.events()]
    translate = envelope_translator(
        PUBLISHED,
        lambda key: {
            ("order", ORDER): ("olist_orders_dataset.csv", 7),
            ("shipment", ORDER, SELLER): ("items.csv", 3),
        }.get(key),
    )
    payloads = {}
    for event in events:
        message = translate(event, "load-1")
        envelope = decode(message.body)
        assert str(envelope.event_id) == message.message_id == str(event.event_id)
        version = 2 if event.event_type == "fulfillment.shipment.dispatched" else 1
        assert message.subject == f"{event.event_type}.v{version}"
        assert envelope.schema_version == version
        assert envelope.occurred_at == event.occurred_at
        payloads.setdefault(type(envelope.payload), []).append(envelope)
    completed = payloads[DeliveryCompletedV1][0]
    assert completed.source.row == 7 and completed.payload.is_late
    assert completed.payload.delivery_days == 18 and completed.payload.days_late == 2
    assert payloads[DeliveryDelayedV1][0].payload.days_late == 2
    dispatched = payloads[ShipmentDispatchedV2][0]
    assert dispatched.source.row == 3 and dispatched.payload.distance_km == 0
    assert dispatched.payload.origin_zip_code_prefix == "01037"
    assert dispatched.payload.destination_zip_code_prefix == "01037"
    assert not dispatched.payload.handed_off_late
    located = [e for e in payloads[ZipAreaLocatedV1]]
    assert all(e.occurred_at == REFERENCE_TIME and e.source is None for e in located)
    assert located[1].payload.latitude is None and located[1].payload.points_discarded == 2


def test_import_records_map_to_domain_objects_or_to_reasons():
    batch = ImportBatch(
        source_file="olist_geolocation_dataset.csv",
        rows=[
            {
                "row": 1,
                "values": {
                    "geolocation_zip_code_prefix": "01037",
                    "geolocation_lat": "-23.54562128115268",
                    "geolocation_lng": "-46.63929204800168",
                    "geolocation_city": "sao paulo",
                    "geolocation_state": "SP",
                },
            },
            {
                "row": 2,
                "values": {
                    "geolocation_zip_code_prefix": "01037",
                    "geolocation_lat": "-123.5",
                    "geolocation_lng": "-46.6",
                    "geolocation_city": "sao paulo",
                    "geolocation_state": "SP",
                },
            },
            {
                "row": 3,
                "values": {
                    "geolocation_zip_code_prefix": "01037",
                    "geolocation_lat": "-23.5",
                    "geolocation_lng": "-46.6",
                    "geolocation_city": "sao paulo",
                    "geolocation_state": "XX",
                },
            },
        ],
    )
    accepted, rejected = parse_batch(
        MAPPINGS["geolocation"],
        batch,
        personal_data_of("a test key of thirty-two characters", TextKeys.new_key_setting("t")),
    )
    assert [a.value.place.zip_code_prefix for a in accepted] == ["01037"]
    assert rejected[0].reason.startswith("geolocation_lat: Input should be greater than")
    assert "state" in rejected[1].reason and rejected[1].record_kind == "geolocation"
