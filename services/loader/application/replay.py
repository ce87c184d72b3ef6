"""Replaying an extract as consecutive event-time windows (e.g. one per day), each loaded
like an incremental load that brings only the rows its window is about. Windows that
partition all time give the same warehouse as one full load."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from services.loader.application.load import (
    LoadRequest,
    LoadSummary,
    run_load,
    wait_for_warehouse,
)
from services.loader.application.ports import (
    ContextGateway,
    SourcePort,
    SourceRow,
    WarehouseProgress,
)
from services.loader.domain.event_time import (
    REFERENCE_DAY,
    REFERENCE_FILES,
    day_of,
    day_of_review,
    days_of_order,
)
from services.loader.domain.olist_files import CUSTOMERS_FILE, ORDERS_FILE
from services.loader.domain.plan import SourceFile

REVIEWS_FILE = "olist_order_reviews_dataset.csv"
ALL_COLUMNS = ("*",)


class DaySlices:
    """The extract read once and kept by day; `window(start, end)` is a SourcePort of the
    rows of the days in [start, end) (reference files in the window holding their day)."""

    def __init__(self, source: SourcePort, plan: Sequence[SourceFile]) -> None:
        self._source = source
        self._columns = _columns_by_file(plan)
        self._by_day: dict[str, dict[date, list[SourceRow]]] = {}
        order_days, purchase_day = self._index_orders()
        customer_days: dict[str, set[date]] = defaultdict(set)
        for row in self._read(ORDERS_FILE):
            customer_days[row.values["customer_id"] or ""] |= order_days.get(
                row.values["order_id"] or "", set()
            )
        for file in self._columns:
            if file in REFERENCE_FILES:
                self._bucket(file, lambda values: {REFERENCE_DAY})
            elif file == CUSTOMERS_FILE:
                self._bucket(file, lambda v: customer_days.get(v["customer_id"] or "", set()))
            elif file == REVIEWS_FILE:
                self._bucket(
                    file,
                    lambda v: {
                        d
                        for d in [
                            day_of_review(
                                day_of(v["review_creation_date"]),
                                purchase_day.get(v["order_id"] or ""),
                            )
                        ]
                        if d
                    },
                )
            else:
                self._bucket(file, lambda v: order_days.get(v["order_id"] or "", set()))

    def _read(self, file: str) -> Iterator[SourceRow]:
        return self._source.rows(file, self._columns[file])

    def _index_orders(self) -> tuple[dict[str, set[date]], dict[str, date | None]]:
        days, purchase = {}, {}
        for row in self._read(ORDERS_FILE):
            order_id = row.values["order_id"] or ""
            days[order_id] = days_of_order(row.values)
            purchase[order_id] = day_of(row.values["order_purchase_timestamp"])
        return days, purchase

    def _bucket(self, file: str, days_of) -> None:
        buckets: dict[date, list[SourceRow]] = defaultdict(list)
        for row in self._read(file):
            for day in days_of(row.values) if row.problem is None else {REFERENCE_DAY}:
                buckets[day].append(row)
        self._by_day[file] = buckets

    @property
    def days(self) -> list[date]:
        return sorted({day for buckets in self._by_day.values() for day in buckets})

    def window(self, start: date | None, end: date | None) -> SourcePort:
        return _WindowSource(self, start, end)

    def rows_between(self, file: str, start: date | None, end: date | None) -> list[SourceRow]:
        buckets = self._by_day.get(file, {})
        return [
            row
            for day in sorted(buckets)
            if (start is None or day >= start) and (end is None or day < end)
            for row in buckets[day]
        ]


@dataclass
class _WindowSource:
    slices: DaySlices
    start: date | None
    end: date | None

    def describe(self) -> str:
        return f"{self.slices._source.describe()} [{self.start}, {self.end})"

    def check(self, file: str, columns: Sequence[str]) -> Sequence[str]:
        return self.slices._source.check(file, columns)

    def rows(self, file: str, columns: Sequence[str]) -> Iterator[SourceRow]:
        for row in self.slices.rows_between(file, self.start, self.end):
            yield SourceRow(row.row, {c: row.values.get(c) for c in columns}, row.problem)


def _columns_by_file(plan: Sequence[SourceFile]) -> dict[str, tuple[str, ...]]:
    columns: dict[str, list[str]] = {}
    for source_file in plan:
        known = columns.setdefault(source_file.name, [])
        known.extend(c for c in source_file.columns if c not in known)
    return {file: tuple(names) for file, names in columns.items()}


def daily_windows(
    days: Sequence[date], step: timedelta = timedelta(days=1)
) -> list[tuple[date | None, date | None]]:
    """(-inf, first day), then one window per step, then [after the last day, +inf)."""
    if not days:
        return [(None, None)]
    first, last = days[0], days[-1]
    cuts = [first]
    while cuts[-1] <= last:
        cuts.append(cuts[-1] + step)
    return [(None, first), *zip(cuts, cuts[1:]), (cuts[-1], None)]


@dataclass
class ReplaySummary:
    windows: int = 0
    loaded_windows: int = 0
    rows: int = 0
    events: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


async def replay(
    request: LoadRequest,
    source: SourcePort,
    gateway: ContextGateway,
    warehouse: WarehouseProgress,
    plan: Sequence[SourceFile],
    step: timedelta = timedelta(days=1),
) -> ReplaySummary:
    """Load every window in order as its own load; wait for the warehouse once, at the end
    (projections do not depend on arrival order)."""
    started = time.perf_counter()
    slices = DaySlices(source, plan)
    summary = ReplaySummary(seconds={"index": time.perf_counter() - started})
    windows = daily_windows([d for d in slices.days if d != REFERENCE_DAY], step)
    summary.windows = len(windows)
    for number, (start, end) in enumerate(windows, start=1):
        window_source = slices.window(start, end)
        if not any(slices.rows_between(f, start, end) for f in {p.name for p in plan}):
            continue
        window_request = replace(
            request,
            load_id=f"{request.load_id}-w{number:04d}",
            window_from=start.isoformat() if start else None,
            window_to=end.isoformat() if end else None,
            wait=False,
        )
        loaded: LoadSummary = await run_load(
            window_request, window_source, gateway, warehouse, plan=plan
        )
        summary.loaded_windows += 1
        summary.rows += loaded.rows_read
        summary.events += loaded.events
    summary.seconds["windows"] = time.perf_counter() - started - summary.seconds["index"]
    await wait_for_warehouse(gateway, warehouse, {p.context for p in plan})
    summary.seconds["total"] = time.perf_counter() - started
    return summary
