"""Use cases of an import: stage source records, then complete the load into events."""
from __future__ import annotations


from services.chassis.staging import CompleteLoad, CompletionResult, StageRecords
from services.sales.application.ports import SalesUnitOfWork


def stage_records(uow: SalesUnitOfWork, command: StageRecords) -> None:
    """Keep valid records as Sales state and invalid ones in quarantine, in one transaction."""
    with uow:
        stage = {
            "orders": uow.orders.stage_orders,
            "order_items": uow.orders.stage_items,
            "payments": uow.orders.stage_payments,
        }[command.kind]
        stage(command.load_id, command.accepted)
        uow.scope.touch(command.load_id, [_order_id(s.value) for s in command.accepted])
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()


def _order_id(value) -> str:
    return value.order_id if hasattr(value, "order_id") else value[0]


def complete_load(uow: SalesUnitOfWork, command: CompleteLoad, chunk: int = 2000) -> CompletionResult:
    """Turn every order the load touched into its events within the window.

    Items and payments whose order never arrived are quarantined (they stay staged, so a
    later load bringing the order completes them). One transaction per chunk of orders.
    """
    result = CompletionResult()
    after = ""
    while True:
        with uow:
            order_ids = uow.scope.chunk(command.load_id, after, chunk)
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
            result.aggregates += len(orders)
            result.orphans += len(orphans)
            after = order_ids[-1]
