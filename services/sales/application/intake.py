"""Intake use cases of Sales: stage the orders, items and payments of a load, then turn
every order it touched into its events (chassis intake kit)."""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.use_cases import Stager, complete_in_chunks, scope_ids
from services.sales.application.ports import SalesUnitOfWork

ORDER = "order"


def _orders(uow: SalesUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.orders.stage_orders(command.load_id, command.accepted)
    return scope_ids(ORDER, (s.value.order_id for s in command.accepted))


def _items(uow: SalesUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.orders.stage_items(command.load_id, command.accepted)
    return scope_ids(ORDER, (order_id for order_id, _ in (s.value for s in command.accepted)))


def _payments(uow: SalesUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.orders.stage_payments(command.load_id, command.accepted)
    return scope_ids(ORDER, (order_id for order_id, _ in (s.value for s in command.accepted)))


STAGERS: dict[str, Stager[SalesUnitOfWork]] = {
    "orders": _orders,
    "order_items": _items,
    "payments": _payments,
}


def complete_load(uow: SalesUnitOfWork, command: CompleteLoad) -> CompletionResult:
    """Turn every order the load touched into its events within the window, and its
    invoice. Items and payments whose order never arrived are quarantined (they stay
    staged, so a later load bringing the order completes them)."""
    return complete_in_chunks(uow, command, _complete_orders, CompletionResult(), kind=ORDER)


def _complete_orders(
    uow: SalesUnitOfWork, command: CompleteLoad, order_ids: list[str], result: CompletionResult
) -> None:
    orders = uow.orders.get_many(order_ids)
    orphans = uow.orders.orphans(order_ids)
    for order in orders:
        uow.publish(order.events(command.window), load_id=command.load_id)
    uow.orders.save_invoices([order.invoice() for order in orders])
    uow.quarantine.add(command.load_id, orphans)
    result.aggregates += len(orders)
    result.orphans += len(orphans)
