"""What staging an import produces, as plain data (importable from application layers)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

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
