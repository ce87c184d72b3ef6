"""The load use case: check every file's header, stream each source file to its context in
batches, complete the load, and wait until the warehouse has applied every event."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

from services.loader.application.ports import (
    CompletionOutcome,
    ContextGateway,
    SourceError,
    SourcePort,
    SourceRow,
    WarehouseProgress,
)
from services.loader.domain.control_totals import ControlTotals
from services.loader.domain.plan import LOAD_PLAN, SourceFile
from services.loader.domain.source_profile import SourceProfile

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class LoadRequest:
    load_id: str
    window_from: str | None = None
    window_to: str | None = None
    batch_size: int = 5000
    in_flight: int = 2
    wait: bool = True  # until the warehouse applied every event (a replay waits once, at the end)


@dataclass
class FileOutcome:
    source: SourceFile
    totals: ControlTotals
    profile: SourceProfile
    accepted: int = 0
    rejected: int = 0
    reasons: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's result in Quality's report (its target: a source file or a table)."""

    rule: str
    target: str
    outcome: str  # passed, warned or failed
    checked: int
    failing: int


@dataclass(frozen=True)
class GateOutcome:
    """Quality's decision on the load (services/quality): a failed gate keeps the marts at
    the last good load."""

    outcome: str  # passed, warned or failed
    score: str  # the overall score, in percent
    reasons: tuple[str, ...] = ()
    rules: tuple[RuleOutcome, ...] = ()

    @property
    def passed(self) -> bool:
        return self.outcome != "failed"


@dataclass
class LoadRun:
    """What the load tells its lineage scope before the scope ends: the gate's decision."""

    gate: GateOutcome | None = None


class QualityGatePort(Protocol):
    async def judge(self, summary: LoadSummary) -> GateOutcome:
        """Assess the load once the warehouse has applied it."""
        ...


@dataclass
class LoadSummary:
    load_id: str
    files: list[FileOutcome] = field(default_factory=list)
    completions: dict[str, CompletionOutcome] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    gate: GateOutcome | None = None
    window_to: str | None = None  # the load's window ends here (None: the whole extract)

    @property
    def rows_read(self) -> int:
        return sum(f.totals.rows for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files) + sum(
            c.orphans for c in self.completions.values()
        )

    @property
    def events(self) -> int:
        return sum(c.events for c in self.completions.values())


def batches(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


async def run_load(
    request: LoadRequest,
    source: SourcePort,
    gateway: ContextGateway,
    warehouse: WarehouseProgress,
    progress: Progress = lambda f, n: None,
    plan: Sequence[SourceFile] = LOAD_PLAN,
    quality: QualityGatePort | None = None,
) -> LoadSummary:
    summary = LoadSummary(
        request.load_id, warnings=check_source(source, plan), window_to=request.window_to
    )
    started = time.perf_counter()
    profiled: dict[str, set[str]] = {}  # per file, what earlier readings profiled
    for source_file in plan:
        summary.files.append(
            await _stage_file(request, source, gateway, source_file, progress, profiled)
        )
    summary.seconds["stage"] = time.perf_counter() - started
    contexts = list(dict.fromkeys(f.context for f in plan))
    async with first_failure(), asyncio.TaskGroup() as completing:
        completions = {
            context: completing.create_task(
                gateway.complete(context, request.load_id, request.window_from, request.window_to)
            )
            for context in contexts
        }
    summary.completions = {context: task.result() for context, task in completions.items()}
    summary.seconds["complete"] = time.perf_counter() - started - summary.seconds["stage"]
    if request.wait:
        await wait_for_warehouse(gateway, warehouse, {f.context for f in plan}, refresh=False)
        await _judge_then_refresh(summary, warehouse, quality)
    summary.seconds["total"] = time.perf_counter() - started
    return summary


async def _judge_then_refresh(
    summary: LoadSummary, warehouse: WarehouseProgress, quality: QualityGatePort | None
) -> None:
    """The marts are refreshed from a load that passed the gate only; analysts keep the
    last good state otherwise."""
    if quality is not None:
        started = time.perf_counter()
        summary.gate = await quality.judge(summary)
        summary.seconds["quality"] = time.perf_counter() - started
    if summary.gate is None or summary.gate.passed:
        await warehouse.refresh_marts()
    else:
        await warehouse.hold_marts(summary.load_id, summary.gate.reasons)
        summary.warnings.append("the quality gate failed: the marts keep the last good load")


def check_source(source: SourcePort, plan: Sequence[SourceFile]) -> list[str]:
    """Reads every file's header before anything is staged. A file that is missing, empty
    or lacks a column the plan needs stops the load: one SourceError lists every such file.
    Columns no part of the plan reads are ignored, with a warning (docs/bad-input.md)."""
    needed: dict[str, list[str]] = {}
    for source_file in plan:
        columns = needed.setdefault(source_file.name, [])
        columns.extend(c for c in source_file.columns if c not in columns)
    problems, warnings = [], []
    for file, columns in needed.items():
        try:
            header = source.check(file, columns)
        except SourceError as error:
            problems.append(str(error))
            continue
        unknown = [c for c in header if c not in columns]
        if unknown:
            warnings.append(f"{file}: unknown columns {unknown} ignored")
    if problems:
        raise SourceError(
            "cannot load this extract, nothing was staged:\n  " + "\n  ".join(problems)
        )
    return warnings


async def _stage_file(
    request: LoadRequest,
    source: SourcePort,
    gateway: ContextGateway,
    source_file: SourceFile,
    progress: Progress,
    profiled: dict[str, set[str]],
) -> FileOutcome:
    outcome = FileOutcome(
        source_file,
        ControlTotals(source_file.name),
        SourceProfile.of(
            source_file.name, source_file.columns, profiled.setdefault(source_file.name, set())
        ),
    )
    in_flight = asyncio.Semaphore(request.in_flight)

    async def send(batch: list[SourceRow]) -> None:
        try:
            result = await gateway.stage(
                source_file.context, request.load_id, source_file.kind, source_file.name, batch
            )
        finally:
            in_flight.release()
        outcome.accepted += result.accepted
        outcome.rejected += result.rejected
        outcome.reasons.update(result.reasons)
        progress(source_file.name, len(batch))

    async with first_failure():
        async with asyncio.TaskGroup() as sending:  # a failed batch cancels the others
            rows = source.rows(source_file.name, source_file.columns)
            for batch in batches(rows, request.batch_size):
                for row in batch:
                    outcome.totals.count(row.values, source_file.money_columns)
                outcome.profile.count([row.values for row in batch])
                await in_flight.acquire()  # back-pressure: at most `in_flight` batches on the wire
                sending.create_task(send(batch))
                await asyncio.sleep(0)  # let it start while the next batch is read
    return outcome


@asynccontextmanager
async def first_failure() -> AsyncIterator[None]:
    """Concurrent calls fail as the first of them did (one clear error, not a group of
    the same one; every task's outcome is retrieved by its TaskGroup)."""
    try:
        yield
    except BaseExceptionGroup as group:
        raise _first(group) from None


def _first(group: BaseExceptionGroup) -> BaseException:
    first = group.exceptions[0]
    return _first(first) if isinstance(first, BaseExceptionGroup) else first


async def wait_for_warehouse(
    gateway: ContextGateway,
    warehouse: WarehouseProgress,
    contexts: set[str],
    poll: float = 0.25,
    refresh: bool = True,
) -> None:
    """Done when every outbox is relayed, the star schema applied every event, and (with
    `refresh`) the marts were refreshed from it."""
    quiet = 0
    while quiet < 2:
        backlog = sum([await gateway.backlog(c) for c in sorted(contexts)])
        pending = await warehouse.pending()
        quiet = quiet + 1 if backlog == 0 and pending == 0 else 0
        await asyncio.sleep(poll)
    if refresh:
        await warehouse.refresh_marts()
