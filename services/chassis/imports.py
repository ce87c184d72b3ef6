"""The import side every context shares: parse a batch of source rows into domain objects
or rejections, keep rejections in quarantine, track what a load touched, and serve the
import API the loader calls (docs/adr/0004-load-transport.md)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import orjson
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, text

from contracts.imports import (
    CompleteRequest, CompletionOutcome, ImportBatch, ImportOutcome, RawRow,
)
from services.chassis import failpoints
from services.chassis.bulk import Upsert, upsert
from services.chassis.staging import (
    CompleteLoad, CompletionResult, Rejection, Sourced, StageRecords,
)
from shared_kernel import DateRange


@dataclass(frozen=True)
class RecordMapping:
    """How one kind of source record becomes a domain object: the published import-record
    model checks the format, `to_domain` builds the object and its rules raise ValueError."""

    model: type[BaseModel]
    to_domain: Callable[[Any], Any]
    record_kind: str


def parse_batch(mapping: RecordMapping, batch: ImportBatch) -> tuple[list[Sourced], list[Rejection]]:
    accepted: list[Sourced] = []
    rejected: list[Rejection] = []
    for raw in batch.rows:
        value, reason = _parse(mapping, raw)
        if reason is None:
            accepted.append(Sourced(batch.source_file, raw.row, value))
        else:
            rejected.append(Rejection(batch.source_file, raw.row, mapping.record_kind, reason,
                                      raw.values))
    return accepted, rejected


def _parse(mapping: RecordMapping, raw: RawRow) -> tuple[Any, str | None]:
    """The domain object of a row, or why it is rejected. A row the source could not read
    as a record (`problem`) is rejected with that reason, without being validated."""
    if raw.problem:
        return None, raw.problem
    try:
        return mapping.to_domain(mapping.model.model_validate(raw.values)), None
    except ValidationError as error:
        return None, describe(error)
    except ValueError as error:
        return None, str(error)


def describe(error: ValidationError) -> str:
    """`price: Input should be greater than or equal to 0` — one clause per broken column."""
    parts = []
    for problem in error.errors(include_url=False):
        column = ".".join(str(p) for p in problem["loc"]) or "row"
        parts.append(f"{column}: {problem['msg']}")
    return "; ".join(sorted(parts))


class PostgresQuarantine:
    def __init__(self, connection: Connection, schema: str) -> None:
        self._connection = connection
        self._spec = Upsert(f"{schema}.quarantine", (
            "load_id", "source_file", "source_row", "record_kind", "reason", "record"),
            key=("source_file", "source_row", "reason"), keep=("load_id", "record"))

    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int:
        return upsert(self._connection, self._spec, [
            (load_id, r.source_file, r.source_row, r.record_kind, r.reason,
             orjson.dumps(r.record, default=str).decode()) for r in rejections])


class PostgresImportScope:
    """Which aggregates a load touched, read back in id order and in chunks."""

    def __init__(self, connection: Connection, schema: str) -> None:
        self._connection, self._schema = connection, schema
        # one statement with the ids as an array: the rows are two narrow keys, so staging
        # them through COPY (the shared upsert) cost more round trips than it saved
        self._touch = text(
            f"INSERT INTO {schema}.import_scope (load_id, aggregate_id)"
            " SELECT :load, unnest(CAST(:ids AS text[])) ON CONFLICT DO NOTHING")

    def touch(self, load_id: str, aggregate_ids: Sequence[str]) -> None:
        if aggregate_ids:
            self._connection.execute(self._touch,
                                     {"load": load_id, "ids": sorted(set(aggregate_ids))})

    def chunk(self, load_id: str, after: str, limit: int) -> list[str]:
        return list(self._connection.execute(text(
            f"SELECT aggregate_id FROM {self._schema}.import_scope WHERE load_id = :l"
            " AND aggregate_id > :a ORDER BY aggregate_id LIMIT :n"),
            {"l": load_id, "a": after, "n": limit}).scalars())


class ImportContext(Protocol):
    """What a context offers the loader; `api.py` of each context builds one."""

    kinds: Mapping[str, RecordMapping]

    def stage(self, load_id: str, kind: str, accepted: Sequence[Sourced],
              rejected: Sequence[Rejection]) -> None: ...
    def complete(self, load_id: str, window: DateRange) -> CompletionResult: ...
    def backlog(self) -> int: ...


class UseCaseImports:
    """The ImportContext of a context whose import use cases take a unit of work and the
    chassis commands (StageRecords, CompleteLoad)."""

    def __init__(self, kinds: Mapping[str, RecordMapping], uow_factory: Callable[[], Any],
                 stage: Callable[[Any, StageRecords], None],
                 complete: Callable[[Any, CompleteLoad], CompletionResult]) -> None:
        self.kinds = kinds
        self._uow, self._stage, self._complete = uow_factory, stage, complete

    def stage(self, load_id: str, kind: str, accepted: Sequence[Sourced],
              rejected: Sequence[Rejection]) -> None:
        self._stage(self._uow(), StageRecords(load_id, kind, accepted, rejected))

    def complete(self, load_id: str, window: DateRange) -> CompletionResult:
        uow = self._uow()
        uow.vacuum_stale_tables()  # the staged rows are new: let their lookups probe indexes
        return self._complete(uow, CompleteLoad(load_id, window))

    def backlog(self) -> int:
        return self._uow().unpublished()


def _inlined(schema: Any, definitions: dict | None = None) -> Any:
    """A JSON schema with its `$defs` references replaced by their definitions."""
    if definitions is None:
        schema = dict(schema)
        definitions = schema.pop("$defs", {})
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inlined(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inlined(value, definitions) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    return schema


# the stage route reads its body itself (fast path), so the OpenAPI document is told its shape
_BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": _inlined(ImportBatch.model_json_schema())}}}}


def import_router(context: ImportContext) -> APIRouter:
    api = APIRouter(prefix="/imports", tags=["imports"])

    @api.get("/outbox")
    async def outbox_backlog() -> dict[str, int]:
        """How many events wait to be relayed to JetStream (0 = everything published)."""
        return {"unpublished": await run_in_threadpool(context.backlog)}

    @api.post("/{load_id}/complete", response_model=CompletionOutcome)
    async def complete(load_id: str, request: CompleteRequest) -> CompletionOutcome:
        try:
            window = DateRange(_moment(request.window_from), _moment(request.window_to))
        except ValueError as error:
            raise HTTPException(422, str(error)) from error
        result = await run_in_threadpool(context.complete, load_id, window)
        return CompletionOutcome(aggregates=result.aggregates, events=result.events,
                                 orphans=result.orphans)

    @api.post("/{load_id}/{kind}", response_model=ImportOutcome, openapi_extra=_BATCH_BODY)
    async def stage(load_id: str, kind: str, request: Request) -> ImportOutcome:
        if kind not in context.kinds:
            raise HTTPException(404, f"this context imports {sorted(context.kinds)}, not {kind}")
        try:  # pydantic-core parses and checks the JSON in one pass, without a dict between
            batch = ImportBatch.model_validate_json(await request.body())
        except ValidationError as error:
            raise HTTPException(422, describe(error)) from error
        accepted, rejected = parse_batch(context.kinds[kind], batch)
        await run_in_threadpool(context.stage, load_id, kind, accepted, rejected)
        failpoints.hit(failpoints.STAGE_AFTER_COMMIT)
        return ImportOutcome(accepted=len(accepted), rejected=len(rejected),
                             reasons=Counter(r.reason for r in rejected))

    return api


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
