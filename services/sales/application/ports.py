"""What the Sales use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.ports import IntakeUnitOfWork
from services.sales.domain.invoice import Invoice
from services.sales.domain.lines import OrderItem, Payment
from services.sales.domain.order import Order


class OrderRepository(Protocol):
    def stage_orders(self, load_id: str, orders: Sequence[Sourced[Order]]) -> None: ...
    def stage_items(
        self, load_id: str, items: Sequence[Sourced[tuple[str, OrderItem]]]
    ) -> None: ...
    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, Payment]]]
    ) -> None: ...
    def get_many(self, order_ids: Sequence[str]) -> list[Order]: ...
    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]: ...
    def save_invoices(self, invoices: Sequence[Invoice]) -> None: ...


class SalesUnitOfWork(IntakeUnitOfWork, Protocol):
    orders: OrderRepository
