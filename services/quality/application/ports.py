"""What Quality reads to assess a load: the loader's facts about it (the source profile and
what each context answered) and the tables, through a measurer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.quality.domain.report import Measurement
from services.quality.domain.rules import NotNull, References, Satisfies, Unique


@dataclass(frozen=True)
class FileProfile:
    """A source file as read, before any merge."""

    file: str
    rows: int
    repeated_keys: int = 0
    repeated_samples: tuple[str, ...] = ()
    missing: Mapping[str, int] = field(default_factory=dict)  # critical field -> rows without
    newest: datetime | None = None  # the greatest event time read


@dataclass(frozen=True)
class Delivery:
    """A file as one context took it: rows sent, and what the context answered."""

    file: str
    context: str
    sent: int
    accepted: int
    quarantined: int


@dataclass(frozen=True)
class LoadFacts:
    load_id: str
    profiles: Mapping[str, FileProfile]
    deliveries: Sequence[Delivery]
    window_to: datetime | None = None


class TableMeasurer(Protocol):
    def measure(self, rule: str, check: NotNull | Unique | References | Satisfies) -> Measurement:
        """Count the rows `check` looks at, and those that fail it, in the tables now."""
        ...

    def newest(self, table: str, column: str) -> datetime | None:
        """The greatest value of `column` in `table` now (None: no row has one)."""
        ...
