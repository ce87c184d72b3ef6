"""Lineage of the warehouse (docs/lineage.md).

- `lineage(url, table)`: which loads, source files and event types fed a dw table, with
  how many events and when (from `dw.dw_lineage`, written by the reporting projection).
- `emitting_lineage(emitter, load_id, source, plan)`: a load as an OpenLineage run, START
  before the body, then COMPLETE, FAIL with the error, or ABORT when it is cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import psycopg

from services.loader.application.load import LoadRun
from services.reporting.adapters.warehouse_reads import star_tables
from services.reporting.application.projection import FEEDS

if TYPE_CHECKING:  # the OpenLineage client takes a while to import: not for `lineage()`
    from services.loader.adapters.openlineage_emitter import DatasetRef
    from services.loader.application.load import GateOutcome
    from services.loader.application.ports import SourcePort
    from services.loader.domain.plan import SourceFile

log = logging.getLogger(__name__)

WAREHOUSE_NAMESPACE = "olist-dw"  # of the dw tables, when the database's address is not given


class UnknownTable(LookupError):
    def __init__(self, table: str, known: Sequence[str]) -> None:
        super().__init__(f"dw.{table} is not a table of the warehouse; tables: {', '.join(known)}")
        self.table, self.known = table, list(known)


@dataclass(frozen=True, slots=True)
class LineageRow:
    load_id: str
    source_file: str | None  # None: events that named no source file
    event_type: str
    events: int
    first_applied_at: datetime
    last_applied_at: datetime

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["first_applied_at"] = self.first_applied_at.isoformat()
        row["last_applied_at"] = self.last_applied_at.isoformat()
        return row


LINEAGE_OF_TABLE = """
    SELECT load_id, nullif(source_file, ''), event_type, events, first_applied_at,
           last_applied_at
    FROM dw.dw_lineage WHERE table_name = %s
    ORDER BY min(first_applied_at) OVER (PARTITION BY load_id), load_id, source_file,
             event_type"""


def lineage(url: str, table: str) -> list[LineageRow]:
    """What fed `table` (`fact_order` or `dw.fact_order`), load by load, oldest first."""
    name = table.removeprefix("dw.")
    with psycopg.connect(_libpq(url)) as connection:
        known = star_tables(connection)
        if name not in known:
            raise UnknownTable(name, known)
        return [LineageRow(*row) for row in connection.execute(LINEAGE_OF_TABLE, (name,))]


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


class LineageEmitter(Protocol):
    def start(
        self, load_id: str, inputs: Sequence[DatasetRef], outputs: Sequence[DatasetRef]
    ) -> None: ...
    def complete(
        self,
        load_id: str,
        inputs: Sequence[DatasetRef],
        outputs: Sequence[DatasetRef],
        gate: GateOutcome | None = None,
    ) -> None: ...
    def fail(
        self,
        load_id: str,
        inputs: Sequence[DatasetRef],
        outputs: Sequence[DatasetRef],
        error: BaseException | str,
    ) -> None: ...
    def abort(
        self, load_id: str, inputs: Sequence[DatasetRef], outputs: Sequence[DatasetRef]
    ) -> None: ...


@asynccontextmanager
async def emitting_lineage(
    emitter: LineageEmitter,
    load_id: str,
    source: SourcePort,
    plan: Sequence[SourceFile],
    *,
    warehouse_url: str | None = None,
) -> AsyncIterator[LoadRun]:
    """The body is the load; it tells the run the gate's decision, which COMPLETE carries.
    Lineage never fails a load: an event that cannot be emitted is logged and the load
    goes on."""
    inputs = source_datasets(source, plan)
    outputs = warehouse_datasets(plan, warehouse_url)
    await _emit(emitter.start, load_id, inputs, outputs)
    run = LoadRun()
    try:
        yield run
    except Exception as error:
        await _emit(emitter.fail, load_id, inputs, outputs, error)
        raise
    except BaseException:  # cancelled or interrupted: no await from here on
        _emit_now(emitter.abort, load_id, inputs, outputs)
        raise
    await _emit(emitter.complete, load_id, inputs, outputs, run.gate)


def source_datasets(source: SourcePort, plan: Sequence[SourceFile]) -> list[DatasetRef]:
    from services.loader.adapters.openlineage_emitter import DatasetRef

    namespace = source.describe()
    return [DatasetRef(namespace, name) for name in dict.fromkeys(f.name for f in plan)]


def warehouse_datasets(
    plan: Sequence[SourceFile], warehouse_url: str | None = None
) -> list[DatasetRef]:
    """The dw tables the plan's contexts feed, named as OpenLineage names PostgreSQL tables
    (`postgres://host:port`, `database.schema.table`) when the database's URL is given."""
    from sqlalchemy.engine import make_url

    from services.loader.adapters.openlineage_emitter import DatasetRef

    contexts = {f.context for f in plan}
    tables = sorted(
        {
            table
            for event_type, fed in FEEDS.items()
            if event_type.split(".")[0] in contexts
            for table in fed
        }
    )
    if warehouse_url is None:
        return [DatasetRef(WAREHOUSE_NAMESPACE, f"dw.{table}") for table in tables]
    url = make_url(warehouse_url)
    namespace = f"postgres://{url.host}:{url.port or 5432}"
    return [DatasetRef(namespace, f"{url.database}.dw.{table}") for table in tables]


async def _emit(event: Callable[..., None], *args: Any) -> None:
    try:
        await asyncio.to_thread(event, *args)
    except Exception:
        log.warning("could not emit the OpenLineage %s event", event.__name__, exc_info=True)


def _emit_now(event: Callable[..., None], *args: Any) -> None:
    try:
        event(*args)
    except Exception:
        log.warning("could not emit the OpenLineage %s event", event.__name__, exc_info=True)
