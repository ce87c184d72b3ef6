"""Use cases of an import: stage source records, then complete the load into events."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shared_kernel import DateRange
from services.sales.application.ports import Rejection, SalesUnitOfWork, Sourced

RecordKind = Literal["orders", "order_items", "payments"]


@dataclass(frozen=True)
class StageRecords:
    load_id: str
    kind: RecordKind
    accepted: Sequence[Sourced]
    rejected: Sequence[Rejection]


@dataclass(frozen=True)
class CompleteLoad:
    load_id: str
    window: DateRange = DateRange.all_time()


@dataclass
class StageResult:
    accepted: int
    rejected: int


@dataclass
class CompletionResult:
    orders: int = 0
    events: int = 0
    orphans: int = 0


def stage_records(uow: SalesUnitOfWork, command: StageRecords) -> StageResult:
    """Keep valid records as Sales state and invalid ones in quarantine, in one transaction."""
    with uow:
        stage = {
            "orders": uow.orders.stage_orders,
            "order_items": uow.orders.stage_items,
            "payments": uow.orders.stage_payments,
        }[command.kind]
        stage(command.load_id, command.accepted)
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()
    return StageResult(len(command.accepted), len(command.rejected))


def complete_load(uow: SalesUnitOfWork, command: CompleteLoad, chunk: int = 2000) -> CompletionResult:
    """Turn every order the load touched into its events within the window.

    Items and payments whose order never arrived are quarantined (they stay staged, so a
    later load bringing the order completes them). One transaction per chunk of orders.
    """
    result = CompletionResult()
    after = ""
    while True:
        with uow:
            order_ids = uow.orders.scope(command.load_id, after, chunk)
            if not order_ids:
                return result
            orders = uow.orders.get_many(order_ids)
            orphans = uow.orders.orphans(order_ids)
            for order in orders:
                uow.publish(order.events(command.window), load_id=command.load_id)
            uow.orders.save_invoices([order.invoice() for order in orders])
            uow.quarantine.add(command.load_id, orphans)
            uow.commit()
            result.events += uow.events_appended
            result.orders += len(orders)
            result.orphans += len(orphans)
            after = order_ids[-1]
