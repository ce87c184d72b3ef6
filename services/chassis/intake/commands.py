"""What staging an import produces, as plain data (importable from application layers)."""

from __future__ import annotations

from collections.abc import Sequence
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
    window: DateRange = DateRange.all_time()  # noqa: RUF009 - an immutable value
