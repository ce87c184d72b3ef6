"""Use cases of an import: stage source records, then complete the load into events.

A load's scope holds prefixed ids: `zip:<prefix>` (geolocation points), `order:<id>`
(orders and their shipment items), `customer:<id>` and `seller:<id>` (locations). Completion
locates the zip areas first, then widens the scope to every order whose route a staged
zip area, customer or seller location changes, then rebuilds the orders.
"""
from __future__ import annotations

from collections.abc import Callable

from services.chassis.staging import CompleteLoad, CompletionResult, StageRecords
from services.fulfillment.application.ports import FulfillmentUnitOfWork
from services.fulfillment.domain.geography import ZipArea

ZIP, CUSTOMER, SELLER, ORDER = "zip:", "customer:", "seller:", "order:"


def stage_records(uow: FulfillmentUnitOfWork, command: StageRecords) -> None:
    """Keep valid records as Fulfillment state and invalid ones in quarantine, in one
    transaction; remember what they touch for the completion."""
    with uow:
        stage, scope_id = _staging(uow, command.kind)
        stage(command.load_id, command.accepted)
        uow.scope.touch(command.load_id, [scope_id(s.value) for s in command.accepted])
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()


def _staging(uow: FulfillmentUnitOfWork, kind: str) -> tuple[Callable, Callable[..., str]]:
    return {
        "geolocation": (uow.zip_areas.stage_points, lambda p: ZIP + p.place.zip_code_prefix),
        "orders": (uow.deliveries.stage_orders, lambda d: ORDER + d.order_id),
        "shipment_items": (uow.shipments.stage_items, lambda pair: ORDER + pair[0]),
        "customer_locations": (uow.deliveries.stage_customer_locations,
                               lambda loc: CUSTOMER + loc.party_id),
        "seller_locations": (uow.shipments.stage_seller_locations,
                             lambda loc: SELLER + loc.party_id),
    }[kind]


Step = Callable[[FulfillmentUnitOfWork, CompleteLoad, list[str], CompletionResult], None]


def complete_load(uow: FulfillmentUnitOfWork, command: CompleteLoad,
                  chunk: int = 2000) -> CompletionResult:
    """Locate the touched zip areas, then turn every touched order into its delivery and
    shipment events within the window; one transaction per chunk."""
    result = CompletionResult()
    steps: tuple[tuple[str, Step], ...] = (
        (ZIP, _locate_zip_areas), (CUSTOMER, _revisit_customers), (SELLER, _revisit_sellers),
        (ORDER, _fulfil_orders))
    for prefix, step in steps:
        _in_chunks(uow, command, prefix, step, chunk, result)
    return result


def _in_chunks(uow: FulfillmentUnitOfWork, command: CompleteLoad, prefix: str, step: Step,
               chunk: int, result: CompletionResult) -> None:
    after = prefix
    while True:
        with uow:
            scoped = uow.scope.chunk(command.load_id, after, chunk)
            ids = [i.removeprefix(prefix) for i in scoped if i.startswith(prefix)]
            if not ids:
                return
            step(uow, command, ids, result)
            uow.commit()
            result.events += uow.events_appended
            after = prefix + ids[-1]


def _locate_zip_areas(uow: FulfillmentUnitOfWork, command: CompleteLoad, prefixes: list[str],
                      result: CompletionResult) -> None:
    """Zip areas have no business time: their events are published whatever the window."""
    areas = [ZipArea.locate(prefix, points)
             for prefix, points in sorted(uow.zip_areas.points_of(prefixes).items())]
    uow.zip_areas.save(areas)
    for area in areas:
        uow.publish(area.events(), load_id=command.load_id)
    _revisit(uow, command, uow.deliveries.orders_in_zip_areas(prefixes))
    result.aggregates += len(areas)


def _revisit_customers(uow: FulfillmentUnitOfWork, command: CompleteLoad,
                       customer_ids: list[str], result: CompletionResult) -> None:
    _revisit(uow, command, uow.deliveries.orders_of_customers(customer_ids))


def _revisit_sellers(uow: FulfillmentUnitOfWork, command: CompleteLoad,
                     seller_ids: list[str], result: CompletionResult) -> None:
    _revisit(uow, command, uow.shipments.orders_of_sellers(seller_ids))


def _revisit(uow: FulfillmentUnitOfWork, command: CompleteLoad, order_ids: list[str]) -> None:
    uow.scope.touch(command.load_id, [ORDER + order_id for order_id in order_ids])


def _fulfil_orders(uow: FulfillmentUnitOfWork, command: CompleteLoad, order_ids: list[str],
                   result: CompletionResult) -> None:
    """Shipment items whose order never arrived are quarantined (and stay staged, so a
    later load bringing the order completes them)."""
    deliveries = uow.deliveries.get_many(order_ids)
    shipments = uow.shipments.get_many(deliveries)
    orphans = uow.shipments.orphans(order_ids)
    for aggregate in [*deliveries, *shipments]:
        uow.publish(aggregate.events(command.window), load_id=command.load_id)
    uow.quarantine.add(command.load_id, orphans)
    result.aggregates += len(deliveries)
    result.orphans += len(orphans)
