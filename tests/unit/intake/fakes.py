"""In-memory fakes of the intake ports (after cosmicpython): a unit of work whose
transactions are lists, for millisecond tests of the contexts' use cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from services.chassis.intake.commands import Rejection
from shared_kernel import DomainEvent


class FakeQuarantine:
    def __init__(self) -> None:
        self.rejections: list[Rejection] = []

    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int:
        self.rejections.extend(rejections)
        return len(rejections)


class FakeScope:
    def __init__(self) -> None:
        self.touched: dict[str, set[str]] = defaultdict(set)

    def touch(self, load_id: str, aggregate_ids: Sequence[str]) -> None:
        self.touched[load_id].update(aggregate_ids)

    def chunk(self, load_id: str, after: str, limit: int) -> list[str]:
        return sorted(i for i in self.touched[load_id] if i > after)[:limit]


class FakeUnitOfWork:
    """Commits count; published events reach `outbox` on commit, an event id once (as
    the outbox's key does); an uncommitted transaction leaves nothing behind."""

    def __init__(self) -> None:
        self.quarantine = FakeQuarantine()
        self.scope = FakeScope()
        self.outbox: dict[object, DomainEvent] = {}
        self.commits = 0
        self.events_appended = 0
        self._pending: list[DomainEvent] = []

    def __enter__(self) -> FakeUnitOfWork:
        self._pending, self.events_appended = [], 0
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pending = []

    def publish(self, events: Iterable[DomainEvent], *, load_id: str) -> None:
        self._pending.extend(events)

    def commit(self) -> None:
        for event in self._pending:
            if event.event_id not in self.outbox:
                self.outbox[event.event_id] = event
                self.events_appended += 1
        self._pending = []
        self.commits += 1

    def events_of(self, kind: type) -> list:
        return [event for event in self.outbox.values() if isinstance(event, kind)]
