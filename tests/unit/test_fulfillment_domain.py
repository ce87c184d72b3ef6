from datetime import datetime, timedelta

import pytest

from services.fulfillment.domain.carrier_performance import CarrierPerformance, delivery_month
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.errors import FulfillmentRuleViolation
from services.fulfillment.domain.events import (
    DeliveryCompleted,
    DeliveryDelayed,
    ShipmentDispatched,
    ZipAreaLocated,
)
from services.fulfillment.domain.geography import GeoPoint, ZipArea
from services.fulfillment.domain.shipment import ShipmentItem
from shared_kernel import REFERENCE_TIME, Address, DateRange, Geolocation
from shared_kernel.places import PlaceError

T0 = datetime(2017, 10, 2, 10, 56, 33)
SELLER_A, SELLER_B = "a" * 32, "b" * 32


def point(lat, lng, city="sao paulo", state="SP", prefix="01037"):
    return GeoPoint(Address(prefix, city, state), Geolocation(lat, lng))


def area(prefix, lat, lng, state="SP"):
    return ZipArea(prefix, "somewhere", state, Geolocation(lat, lng), 1, 0)


SAO_PAULO = area("01037", -23.5505, -46.6333)
RIO = area("20040", -22.9068, -43.1729, state="RJ")


def delivery(
    delivered=T0 + timedelta(days=8),
    estimated=datetime(2017, 10, 18),
    dispatched=T0 + timedelta(days=2),
    destination=RIO,
):
    return Delivery(
        "o" * 32, "c" * 32, "delivered", T0, dispatched, delivered, estimated, destination
    )


def items(*specs):
    return [
        ShipmentItem(number, seller, T0 + timedelta(days=days)) for number, seller, days in specs
    ]


# --- geography --------------------------------------------------------------------------


def test_a_zip_area_drops_points_abroad_or_in_another_state_and_sits_at_the_median():
    points = [
        point(-23.50, -46.60),
        point(-23.60, -46.70),
        point(-23.55, -46.90),
        point(-23.54, -46.61, city="sao paulo"),
        point(-23.52, -46.62, city="são paulo"),
        point(41.15, -8.61),  # Porto, Portugal
        point(-22.90, -43.17, city="rio de janeiro", state="RJ"),
    ]
    located = ZipArea.locate("01037", points)
    assert (located.points_used, located.points_discarded) == (5, 2)
    assert located.state == "SP" and located.city == "sao paulo"
    assert located.location == Geolocation(-23.54, -46.62)  # medians of each coordinate


def test_the_median_of_an_even_number_of_points_is_their_middle_pair_mean():
    located = ZipArea.locate("01037", [point(-23.0, -46.0), point(-24.0, -47.0)])
    assert located.location == Geolocation(-23.5, -46.5)


def test_a_zip_area_with_no_point_left_is_named_but_not_located():
    located = ZipArea.locate("01037", [point(41.15, -8.61, city="porto"), point(40.0, -8.0)])
    assert located.location is None and not located.is_located
    assert (located.points_used, located.points_discarded) == (0, 2)
    assert located.city == "porto" and located.state == "SP"  # tie: alphabetical first
    assert located.distance_km(SAO_PAULO) is None and SAO_PAULO.distance_km(located) is None


def test_a_zip_area_refuses_points_of_another_prefix_or_none_at_all():
    with pytest.raises(FulfillmentRuleViolation, match="another prefix"):
        ZipArea.locate("01037", [point(-23.5, -46.6, prefix="01046")])
    with pytest.raises(FulfillmentRuleViolation, match="no point"):
        ZipArea.locate("01037", [])


def test_a_point_must_be_on_earth_and_in_a_brazilian_state():
    with pytest.raises(PlaceError):
        point(-95.0, -46.6)
    with pytest.raises(PlaceError, match="state"):
        point(-23.5, -46.6, state="XX")


def test_great_circle_distance_between_sao_paulo_and_rio_is_about_360_km():
    distance = SAO_PAULO.distance_km(RIO)
    assert 355 < distance < 365
    assert RIO.distance_km(SAO_PAULO) == distance
    assert SAO_PAULO.distance_km(SAO_PAULO) == 0


def test_a_zip_area_is_located_at_reference_time_whatever_the_window():
    (event,) = SAO_PAULO.events()
    assert isinstance(event, ZipAreaLocated) and event.occurred_at == REFERENCE_TIME
    assert (event.latitude, event.longitude) == (-23.5505, -46.6333)


# --- deliveries -------------------------------------------------------------------------


def test_delivery_days_count_calendar_days_not_24_hour_periods():
    late_evening = Delivery(
        "o" * 32,
        "c" * 32,
        "delivered",
        datetime(2018, 1, 1, 23, 50),
        delivered_at=datetime(2018, 1, 2, 0, 10),
        estimated_at=datetime(2018, 1, 10),
    )
    assert late_evening.delivery_days == 1 and late_evening.days_late == 0


def test_delivered_on_the_estimated_day_is_on_time_and_the_day_after_is_late():
    on_the_day = delivery(delivered=datetime(2017, 10, 18, 21, 0))
    assert on_the_day.days_late == 0 and not on_the_day.is_late and on_the_day.is_on_time
    day_after = delivery(delivered=datetime(2017, 10, 19, 0, 5))
    assert day_after.days_late == 1 and day_after.is_late and not day_after.is_on_time


def test_a_delivery_completes_at_delivery_time_and_a_late_one_is_also_delayed():
    assert [type(e) for e in delivery().events()] == [DeliveryCompleted]
    late = delivery(delivered=datetime(2017, 10, 21, 9, 30))
    completed, delayed = late.events()
    assert isinstance(delayed, DeliveryDelayed)
    assert completed.occurred_at == delayed.occurred_at == datetime(2017, 10, 21, 9, 30)
    assert completed.delivery_days == 19 and completed.days_late == delayed.days_late == 3
    assert completed.is_late and not delivery().events()[0].is_late
    assert delayed.estimated_at == datetime(2017, 10, 18)


def test_an_undelivered_order_has_no_delivery_event_and_is_not_on_time():
    undelivered = delivery(delivered=None)
    assert undelivered.events() == [] and undelivered.delivery_days is None
    assert not undelivered.is_on_time and not undelivered.is_late


def test_a_window_keeps_the_delivery_events_whose_delivery_time_is_in_it():
    late = delivery(delivered=datetime(2017, 10, 21, 9, 30))
    assert len(late.events(DateRange(datetime(2017, 10, 21), datetime(2017, 10, 22)))) == 2
    assert late.events(DateRange(datetime(2017, 10, 1), datetime(2017, 10, 21))) == []
    assert late.events(DateRange(datetime(2017, 10, 21, 9, 30), None)) != []  # half-open


def test_delivery_rules_refuse_impossible_dates():
    with pytest.raises(FulfillmentRuleViolation, match="delivered before"):
        delivery(delivered=T0 - timedelta(hours=1))
    with pytest.raises(FulfillmentRuleViolation, match="estimated"):
        delivery(estimated=datetime(2017, 10, 1))
    assert delivery(estimated=datetime(2017, 10, 2)).estimated_at.date() == T0.date()


# --- shipments --------------------------------------------------------------------------


def test_an_order_ships_once_per_seller_by_the_latest_limit_of_its_items():
    shipments = delivery().shipments(
        items((1, SELLER_A, 1), (2, SELLER_B, 3), (3, SELLER_A, 4)),
        {SELLER_A: SAO_PAULO, SELLER_B: None},
    )
    by_seller = {s.seller_id: s for s in shipments}
    assert set(by_seller) == {SELLER_A, SELLER_B}
    assert by_seller[SELLER_A].shipping_limit_at == T0 + timedelta(days=4)
    assert [i.item_number for i in by_seller[SELLER_A].items] == [1, 3]
    assert all(s.dispatched_at == T0 + timedelta(days=2) for s in shipments)


def test_a_shipment_handed_off_after_its_limit_is_late():
    (on_time,) = delivery().shipments(items((1, SELLER_A, 2)), {})
    assert not on_time.handed_off_late  # handed off exactly at the limit
    (late,) = delivery().shipments(items((1, SELLER_A, 1)), {})
    assert late.handed_off_late


def test_a_shipment_knows_its_distance_only_when_both_ends_are_located():
    (known,) = delivery().shipments(items((1, SELLER_A, 3)), {SELLER_A: SAO_PAULO})
    assert known.distance_km == SAO_PAULO.distance_km(RIO)
    (no_origin,) = delivery().shipments(items((1, SELLER_A, 3)), {})
    (no_destination,) = delivery(destination=None).shipments(
        items((1, SELLER_A, 3)), {SELLER_A: SAO_PAULO}
    )
    assert no_origin.distance_km is None and no_destination.distance_km is None


def test_a_shipment_is_dispatched_at_the_carrier_hand_off_and_only_then():
    (shipment,) = delivery().shipments(items((1, SELLER_A, 1)), {SELLER_A: SAO_PAULO})
    (event,) = shipment.events()
    assert isinstance(event, ShipmentDispatched) and event.occurred_at == T0 + timedelta(days=2)
    assert event.handed_off_late and event.distance_km == shipment.distance_km
    assert shipment.events(DateRange(end=T0 + timedelta(days=2))) == []
    (waiting,) = delivery(dispatched=None, delivered=None).shipments(items((1, SELLER_A, 1)), {})
    assert waiting.events() == [] and not waiting.handed_off_late


def test_shipment_rules_refuse_repeated_or_unnumbered_items():
    with pytest.raises(FulfillmentRuleViolation, match="twice"):
        delivery().shipments(items((1, SELLER_A, 1), (1, SELLER_A, 2)), {})
    with pytest.raises(FulfillmentRuleViolation, match="start at 1"):
        ShipmentItem(0, SELLER_A, T0)


def test_event_ids_are_stable_and_change_when_the_route_changes():
    def dispatched(origins):
        (shipment,) = delivery().shipments(items((1, SELLER_A, 3)), origins)
        return shipment.events()[0].event_id

    assert dispatched({SELLER_A: SAO_PAULO}) == dispatched({SELLER_A: SAO_PAULO})
    assert dispatched({SELLER_A: SAO_PAULO}) != dispatched({})


# --- carrier performance ----------------------------------------------------------------


def test_carrier_performance_rates_on_time_deliveries_per_month_and_state():
    sao_paulo_customer = dict(destination=SAO_PAULO)
    deliveries = [
        delivery(delivered=datetime(2017, 10, 10)),  # RJ, on time
        delivery(delivered=datetime(2017, 10, 25)),  # RJ, late
        delivery(delivered=datetime(2017, 10, 12), **sao_paulo_customer),
        delivery(delivered=datetime(2017, 11, 2)),  # RJ, late, November
        delivery(delivered=datetime(2017, 10, 11), destination=None),  # unknown state
        delivery(delivered=None),  # not delivered: ignored
    ]
    rates = CarrierPerformance(deliveries).rates()
    assert [(r.month, r.state, r.delivered, r.on_time) for r in rates] == [
        ("2017-10", "RJ", 2, 1),
        ("2017-10", "SP", 1, 1),
        ("2017-10", None, 1, 1),
        ("2017-11", "RJ", 1, 0),
    ]
    assert [r.rate for r in rates] == [0.5, 1.0, 1.0, 0.0]
    assert CarrierPerformance([]).rates() == []


def test_a_month_of_delivery_is_a_half_open_window_across_the_year_end():
    december = delivery_month("2017-12")
    assert (december.start, december.end) == (datetime(2017, 12, 1), datetime(2018, 1, 1))
    assert not december.contains(datetime(2018, 1, 1))
    with pytest.raises(FulfillmentRuleViolation, match="not a month"):
        delivery_month("December")
