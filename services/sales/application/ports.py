"""What the Sales use cases need from the outside world, as Protocols."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from shared_kernel import DomainEvent
from services.sales.domain.invoice import Invoice
from services.sales.domain.order import Order, OrderItem, Payment

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sourced(Generic[T]):
    """A domain object with the source row it was read from."""

    file: str
    row: int
    value: T


@dataclass(frozen=True, slots=True)
class Rejection:
    source_file: str
    source_row: int
    record_kind: str
    reason: str
    record: dict = field(default_factory=dict)


class OrderRepository(Protocol):
    def stage_orders(self, load_id: str, orders: Sequence[Sourced[Order]]) -> int: ...
    def stage_items(self, load_id: str, items: Sequence[Sourced[tuple[str, OrderItem]]]) -> int: ...
    def stage_payments(self, load_id: str,
                       payments: Sequence[Sourced[tuple[str, Payment]]]) -> int: ...
    def scope(self, load_id: str, after: str, limit: int) -> list[str]: ...
    def get_many(self, order_ids: Sequence[str]) -> list[Order]: ...
    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]: ...
    def save_invoices(self, invoices: Sequence[Invoice]) -> None: ...


class QuarantineRepository(Protocol):
    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int: ...


class SalesUnitOfWork(Protocol):
    orders: OrderRepository
    quarantine: QuarantineRepository
    events_appended: int

    def __enter__(self) -> SalesUnitOfWork: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def publish(self, events: Iterable[DomainEvent], *, load_id: str) -> None: ...
    def commit(self) -> None: ...
