"""Fulfillment's intake on in-memory fakes: a load that brings only geolocation points
widens its scope to the orders going to the zip areas it moved, and completes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from services.chassis.intake.commands import CompleteLoad, Sourced, StageRecords
from services.chassis.intake.use_cases import stage
from services.fulfillment.application.intake import STAGERS, complete_load
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.events import DeliveryCompleted, ZipAreaLocated
from services.fulfillment.domain.geography import GeoPoint, ZipArea
from services.fulfillment.domain.shipment import Shipment
from shared_kernel import Address, Geolocation
from tests.unit.intake.fakes import FakeUnitOfWork

T0 = datetime(2017, 9, 1, 10, 0)
ORDER = "e481f51cbdc54678b7cc49136f2d6af7"


class FakeZipAreas:
    def __init__(self) -> None:
        self.points: dict[str, list[GeoPoint]] = {}
        self.areas: dict[str, ZipArea] = {}

    def stage_points(self, load_id: str, points: Sequence[Sourced[GeoPoint]]) -> None:
        for staged in points:
            self.points.setdefault(staged.value.place.zip_code_prefix, []).append(staged.value)

    def points_of(self, prefixes: Sequence[str]) -> Mapping[str, list[GeoPoint]]:
        return {prefix: self.points[prefix] for prefix in prefixes if prefix in self.points}

    def save(self, areas: Sequence[ZipArea]) -> None:
        self.areas.update((area.zip_code_prefix, area) for area in areas)


class FakeDeliveries:
    """One delivered order, going to zip area 01310."""

    def __init__(self, areas: FakeZipAreas) -> None:
        self._areas = areas

    def orders_in_zip_areas(self, prefixes: Sequence[str]) -> list[str]:
        return [ORDER] if "01310" in prefixes else []

    def orders_of_customers(self, customer_ids: Sequence[str]) -> list[str]:
        return []

    def get_many(self, order_ids: Sequence[str]) -> list[Delivery]:
        return [
            Delivery(
                ORDER,
                "c" * 32,
                "delivered",
                T0,
                T0 + timedelta(days=1),
                T0 + timedelta(days=4),
                T0 + timedelta(days=10),
                self._areas.areas.get("01310"),
            )
            for order_id in order_ids
            if order_id == ORDER
        ]


class FakeShipments:
    def get_many(self, deliveries: Sequence[Delivery]) -> list[Shipment]:
        return []

    def orphans(self, order_ids: Sequence[str]) -> list:
        return []

    def orders_of_sellers(self, seller_ids: Sequence[str]) -> list[str]:
        return []


class FakeFulfillmentUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.zip_areas = FakeZipAreas()
        self.deliveries = FakeDeliveries(self.zip_areas)
        self.shipments = FakeShipments()


def point(lat: float, lng: float) -> GeoPoint:
    return GeoPoint(Address("01310", "sao paulo", "SP"), Geolocation(lat, lng))


def test_points_of_a_zip_area_bring_the_orders_going_there_back_into_the_load():
    uow = FakeFulfillmentUnitOfWork()
    staged = [
        Sourced("geo.csv", n, p)
        for n, p in enumerate([point(-23.56, -46.65), point(-23.57, -46.66)], start=1)
    ]
    stage(uow, StageRecords("l1", "geolocation", staged, []), STAGERS)
    result = complete_load(uow, CompleteLoad("l1"))
    assert uow.scope.touched["l1"] == {"zip:01310", f"order:{ORDER}"}
    assert result.aggregates == 2  # the zip area and the delivery it reaches
    assert [e.zip_code_prefix for e in uow.events_of(ZipAreaLocated)] == ["01310"]
    assert [e.order_id for e in uow.events_of(DeliveryCompleted)] == [ORDER]
