"""Intake use cases of Fulfillment (chassis intake kit): stage source records, then
complete the load into events.

A load's scope holds prefixed ids: `zip:<prefix>` (geolocation points), `order:<id>`
(orders and their shipment items), `customer:<id>` and `seller:<id>` (locations). Completion
locates the zip areas first, then widens the scope to every order whose route a staged
zip area, customer or seller location changes, then rebuilds the orders.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.use_cases import Stager, Step, complete_in_chunks, scope_ids
from services.fulfillment.application.ports import FulfillmentUnitOfWork
from services.fulfillment.domain.geography import ZipArea

ZIP, CUSTOMER, SELLER, ORDER = "zip", "customer", "seller", "order"


def _points(uow: FulfillmentUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.zip_areas.stage_points(command.load_id, command.accepted)
    return scope_ids(ZIP, (s.value.place.zip_code_prefix for s in command.accepted))


def _orders(uow: FulfillmentUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.deliveries.stage_orders(command.load_id, command.accepted)
    return scope_ids(ORDER, (s.value.order_id for s in command.accepted))


def _items(uow: FulfillmentUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.shipments.stage_items(command.load_id, command.accepted)
    return scope_ids(ORDER, (order_id for order_id, _ in (s.value for s in command.accepted)))


def _customer_locations(uow: FulfillmentUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.deliveries.stage_customer_locations(command.load_id, command.accepted)
    return scope_ids(CUSTOMER, (s.value.party_id for s in command.accepted))


def _seller_locations(uow: FulfillmentUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.shipments.stage_seller_locations(command.load_id, command.accepted)
    return scope_ids(SELLER, (s.value.party_id for s in command.accepted))


STAGERS: dict[str, Stager[FulfillmentUnitOfWork]] = {
    "geolocation": _points,
    "orders": _orders,
    "shipment_items": _items,
    "customer_locations": _customer_locations,
    "seller_locations": _seller_locations,
}


def complete_load(uow: FulfillmentUnitOfWork, command: CompleteLoad) -> CompletionResult:
    """Locate the touched zip areas, then turn every touched order into its delivery and
    shipment events within the window; one transaction per chunk."""
    result = CompletionResult()
    steps: tuple[tuple[str, Step[FulfillmentUnitOfWork]], ...] = (
        (ZIP, _locate_zip_areas),
        (CUSTOMER, _revisit_customers),
        (SELLER, _revisit_sellers),
        (ORDER, _fulfil_orders),
    )
    for kind, step in steps:
        complete_in_chunks(uow, command, step, result, kind=kind)
    return result


def _locate_zip_areas(
    uow: FulfillmentUnitOfWork, command: CompleteLoad, prefixes: list[str], result: CompletionResult
) -> None:
    """Zip areas have no business time: their events are published whatever the window."""
    areas = [
        ZipArea.locate(prefix, points)
        for prefix, points in sorted(uow.zip_areas.points_of(prefixes).items())
    ]
    uow.zip_areas.save(areas)
    for area in areas:
        uow.publish(area.events(), load_id=command.load_id)
    _revisit(uow, command, uow.deliveries.orders_in_zip_areas(prefixes))
    result.aggregates += len(areas)


def _revisit_customers(
    uow: FulfillmentUnitOfWork,
    command: CompleteLoad,
    customer_ids: list[str],
    result: CompletionResult,
) -> None:
    _revisit(uow, command, uow.deliveries.orders_of_customers(customer_ids))


def _revisit_sellers(
    uow: FulfillmentUnitOfWork,
    command: CompleteLoad,
    seller_ids: list[str],
    result: CompletionResult,
) -> None:
    _revisit(uow, command, uow.shipments.orders_of_sellers(seller_ids))


def _revisit(uow: FulfillmentUnitOfWork, command: CompleteLoad, order_ids: list[str]) -> None:
    uow.scope.touch(command.load_id, scope_ids(ORDER, order_ids))


def _fulfil_orders(
    uow: FulfillmentUnitOfWork,
    command: CompleteLoad,
    order_ids: list[str],
    result: CompletionResult,
) -> None:
    """Shipment items whose order never arrived are quarantined (and stay staged, so a
    later load bringing the order completes them)."""
    deliveries = uow.deliveries.get_many(order_ids)
    shipments = uow.shipments.get_many(deliveries)
    orphans = uow.shipments.orphans(order_ids)
    for delivery in deliveries:
        uow.publish(delivery.events(command.window), load_id=command.load_id)
    for shipment in shipments:
        uow.publish(shipment.events(command.window), load_id=command.load_id)
    uow.quarantine.add(command.load_id, orphans)
    result.aggregates += len(deliveries)
    result.orphans += len(orphans)
