"""What staging an import produces, as plain data (importable from application layers)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from shared_kernel import DateRange

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


@dataclass
class CompletionResult:
    aggregates: int = 0
    events: int = 0
    orphans: int = 0


@dataclass(frozen=True)
class StageRecords:
    """Command: keep these records of one kind (and quarantine the rejected ones)."""

    load_id: str
    kind: str
    accepted: Sequence[Sourced]
    rejected: Sequence[Rejection]


@dataclass(frozen=True)
class CompleteLoad:
    """Command: turn what the load touched into events whose business time is in `window`."""

    load_id: str
    window: DateRange = DateRange.all_time()


def complete_in_chunks(uow, load_id: str, step: Callable[[list[str]], None],
                       result: CompletionResult, chunk: int = 2000,
                       prefix: str = "") -> CompletionResult:
    """The completion loop of every context: the load's scope read in id order, one chunk
    per transaction; `step` does the context's work on a chunk of ids (those starting with
    `prefix`, which is removed) inside the transaction, and the appended events are counted."""
    after = prefix
    while True:
        with uow:
            scoped = uow.scope.chunk(load_id, after, chunk)
            ids = [i.removeprefix(prefix) for i in scoped if i.startswith(prefix)]
            if not ids:
                return result
            step(ids)
            uow.commit()
            result.events += uow.events_appended
            after = prefix + ids[-1]
