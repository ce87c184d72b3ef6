from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class DateRange:
    """A half-open window of business time [start, end); None means unbounded."""

    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValueError(f"empty window: {self.start} .. {self.end}")

    @classmethod
    def all_time(cls) -> DateRange:
        return cls()

    def contains(self, moment: datetime) -> bool:
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment < self.end

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "-inf"
        end = self.end.isoformat() if self.end else "+inf"
        return f"[{start}, {end})"


# Olist's catalog, seller and geography files carry no business time. Their events occur
# at this reference time, before the first order, and every load publishes them whatever
# its window (their ids make a repeat a no-op); windows cut only facts with a business time.
REFERENCE_TIME = datetime(2016, 1, 1)
