"""What every context's intake use cases need from the outside world, as Protocols; a
context's own ports add its repositories to IntakeUnitOfWork."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from services.chassis.intake.commands import Rejection
from shared_kernel import DomainEvent


class QuarantineRepository(Protocol):
    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int: ...


class ImportScope(Protocol):
    """Which aggregates a load touched (scope ids, e.g. `order:<id>`), in id order."""

    def touch(self, load_id: str, aggregate_ids: Sequence[str]) -> None: ...
    def chunk(self, load_id: str, after: str, limit: int) -> list[str]: ...


class IntakeUnitOfWork(Protocol):
    quarantine: QuarantineRepository
    scope: ImportScope
    events_appended: int

    def __enter__(self) -> IntakeUnitOfWork: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def publish(self, events: Iterable[DomainEvent], *, load_id: str) -> None: ...
    def commit(self) -> None: ...
