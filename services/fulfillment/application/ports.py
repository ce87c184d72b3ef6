"""What the Fulfillment use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.ports import IntakeUnitOfWork
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import GeoPoint, Location, ZipArea
from services.fulfillment.domain.shipment import Shipment, ShipmentItem
from shared_kernel import DateRange


class ZipAreaRepository(Protocol):
    def stage_points(self, load_id: str, points: Sequence[Sourced[GeoPoint]]) -> None: ...
    def points_of(self, prefixes: Sequence[str]) -> Mapping[str, list[GeoPoint]]: ...
    def save(self, areas: Sequence[ZipArea]) -> None: ...


class DeliveryRepository(Protocol):
    def stage_orders(self, load_id: str, deliveries: Sequence[Sourced[Delivery]]) -> None: ...
    def stage_customer_locations(
        self, load_id: str, locations: Sequence[Sourced[Location]]
    ) -> None: ...
    def get_many(self, order_ids: Sequence[str]) -> list[Delivery]: ...
    def delivered_in(self, window: DateRange) -> list[Delivery]: ...
    def orders_of_customers(self, customer_ids: Sequence[str]) -> list[str]: ...
    def orders_in_zip_areas(self, prefixes: Sequence[str]) -> list[str]: ...


class ShipmentRepository(Protocol):
    def stage_items(
        self, load_id: str, items: Sequence[Sourced[tuple[str, ShipmentItem]]]
    ) -> None: ...
    def stage_seller_locations(
        self, load_id: str, locations: Sequence[Sourced[Location]]
    ) -> None: ...
    def get_many(self, deliveries: Sequence[Delivery]) -> list[Shipment]: ...
    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]: ...
    def orders_of_sellers(self, seller_ids: Sequence[str]) -> list[str]: ...


class FulfillmentUnitOfWork(IntakeUnitOfWork, Protocol):
    zip_areas: ZipAreaRepository
    deliveries: DeliveryRepository
    shipments: ShipmentRepository
