"""Sales' intake use cases on in-memory fakes: orders become events and invoices, orphans
are quarantined until their order arrives, a repeated load publishes nothing new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from services.chassis.intake.commands import CompleteLoad, Rejection, Sourced, StageRecords
from services.chassis.intake.use_cases import stage
from services.sales.application.intake import STAGERS, complete_load
from services.sales.domain.events import OrderPlaced, PaymentReceived
from services.sales.domain.invoice import Invoice
from services.sales.domain.lines import OrderItem, Payment, PaymentType
from services.sales.domain.order import Lifecycle, Order, OrderStatus
from shared_kernel import Money
from tests.unit.intake.fakes import FakeUnitOfWork

T0 = datetime(2017, 5, 1, 9, 0)


class FakeOrderRepository:
    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self.items: dict[tuple[str, int], Sourced[tuple[str, OrderItem]]] = {}
        self.payments: dict[tuple[str, int], Sourced[tuple[str, Payment]]] = {}
        self.invoices: dict[str, Invoice] = {}

    def stage_orders(self, load_id: str, orders: Sequence[Sourced[Order]]) -> None:
        self.orders.update((o.value.order_id, o.value) for o in orders)

    def stage_items(self, load_id: str, items: Sequence[Sourced[tuple[str, OrderItem]]]) -> None:
        self.items.update(((s.value[0], s.value[1].item_number), s) for s in items)

    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, Payment]]]
    ) -> None:
        self.payments.update(((s.value[0], s.value[1].sequential), s) for s in payments)

    def get_many(self, order_ids: Sequence[str]) -> list[Order]:
        found = []
        for order_id in order_ids:
            if order_id in self.orders:
                header = self.orders[order_id]
                order = replace(header, items=[], payments=[])
                for (of, _), staged in sorted(self.items.items()):
                    if of == order_id:
                        order.add_item(staged.value[1])
                for (of, _), staged in sorted(self.payments.items()):
                    if of == order_id:
                        order.add_payment(staged.value[1])
                found.append(order)
        return found

    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]:
        children = [*self.items.values(), *self.payments.values()]
        return [
            Rejection(s.file, s.row, "child", "order_id: no such order in the source")
            for s in children
            if s.value[0] in order_ids and s.value[0] not in self.orders
        ]

    def save_invoices(self, invoices: Sequence[Invoice]) -> None:
        self.invoices.update((i.order_id, i) for i in invoices)


class FakeSalesUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.orders = FakeOrderRepository()


def order(order_id: str) -> Order:
    return Order(
        order_id,
        "c-" + order_id,
        OrderStatus.DELIVERED,
        Lifecycle(T0, T0 + timedelta(hours=1), T0 + timedelta(days=1), T0 + timedelta(days=4)),
    )


def item(order_id: str, price: str = "10.00") -> tuple[str, OrderItem]:
    return order_id, OrderItem(
        1, "p", "s", T0 + timedelta(days=2), Money.of(price), Money.of("2.50")
    )


def paid(order_id: str, value: str = "12.50") -> tuple[str, Payment]:
    return order_id, Payment(1, PaymentType.BOLETO, 1, Money.of(value))


def stage_load(uow: FakeSalesUnitOfWork, load: str, kind: str, values: list) -> None:
    staged = [Sourced("file.csv", row, value) for row, value in enumerate(values, start=1)]
    stage(uow, StageRecords(load, kind, staged, []), STAGERS)


def test_every_staged_order_becomes_its_events_and_its_invoice():
    uow = FakeSalesUnitOfWork()
    stage_load(uow, "l1", "orders", [order("a"), order("b")])
    stage_load(uow, "l1", "order_items", [item("a"), item("b", "20.00")])
    stage_load(uow, "l1", "payments", [paid("a"), paid("b", "20.00")])
    result = complete_load(uow, CompleteLoad("l1"))
    assert (result.aggregates, result.orphans) == (2, 0)
    assert {e.order_id for e in uow.events_of(OrderPlaced)} == {"a", "b"}
    assert len(uow.events_of(PaymentReceived)) == 2
    assert uow.orders.invoices["a"].is_settled
    assert uow.orders.invoices["b"].balance == Money.of("-2.50")


def test_an_item_before_its_order_waits_in_quarantine_and_completes_with_the_order():
    uow = FakeSalesUnitOfWork()
    stage_load(uow, "l1", "order_items", [item("late")])
    assert complete_load(uow, CompleteLoad("l1")).orphans == 1
    assert uow.events_of(OrderPlaced) == []
    stage_load(uow, "l2", "orders", [order("late")])
    assert complete_load(uow, CompleteLoad("l2")).orphans == 0
    (placed,) = uow.events_of(OrderPlaced)
    assert [i.item_number for i in placed.items] == [1]


def test_completing_the_same_load_again_publishes_nothing_new():
    uow = FakeSalesUnitOfWork()
    stage_load(uow, "l1", "orders", [order("a")])
    first = complete_load(uow, CompleteLoad("l1"))
    again = complete_load(uow, CompleteLoad("l1"))
    assert first.events > 0 and again.events == 0
