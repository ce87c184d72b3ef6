"""The intake API every context serves the loader (docs/adr/0004-load-transport.md):
stage a batch of source rows, complete a load, tell the outbox backlog. The paths stay
`/imports/...`, the published contract with the loader."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from contracts.imports import CompleteRequest, CompletionOutcome, ImportBatch, ImportOutcome
from services.chassis import failpoints
from services.chassis.auth.policy import WRITERS, allow
from services.chassis.intake.commands import (
    CompleteLoad,
    CompletionResult,
    Rejection,
    Sourced,
    StageRecords,
)
from services.chassis.intake.records import (
    NUL,
    NUL_ESCAPE,
    RecordMapping,
    mark_nul_characters,
    parse_batch,
)
from services.chassis.personal_data import PersonalData
from services.chassis.refusals import invalid, refusal, unprocessable
from shared_kernel import DateRange


class ImportContext(Protocol):
    """What a context offers the loader; `api.py` of each context builds one."""

    kinds: Mapping[str, RecordMapping]
    personal: PersonalData  # how people's identifiers and words are kept

    def stage(
        self, load_id: str, kind: str, accepted: Sequence[Sourced], rejected: Sequence[Rejection]
    ) -> None: ...
    def complete(self, load_id: str, window: DateRange) -> CompletionResult: ...
    def backlog(self) -> int: ...


class UseCaseImports:
    """The ImportContext of a context whose import use cases take a unit of work and the
    chassis commands (StageRecords, CompleteLoad)."""

    def __init__(
        self,
        kinds: Mapping[str, RecordMapping],
        uow_factory: Callable[[], Any],
        stage: Callable[[Any, StageRecords], None],
        complete: Callable[[Any, CompleteLoad], CompletionResult],
        personal: PersonalData,
    ) -> None:
        self.kinds, self.personal = kinds, personal
        self._uow, self._stage, self._complete = uow_factory, stage, complete

    def stage(
        self, load_id: str, kind: str, accepted: Sequence[Sourced], rejected: Sequence[Rejection]
    ) -> None:
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
_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inlined(ImportBatch.model_json_schema())}},
    }
}


# a load's id is kept as PostgreSQL text, which cannot hold NUL
LoadId = Annotated[str, Path(pattern=r"^[^\x00]+$", description="The load the rows belong to.")]


def import_router(context: ImportContext) -> APIRouter:
    api = APIRouter(prefix="/imports", tags=["imports"])

    @api.get("/outbox", dependencies=[allow(*WRITERS)])
    async def outbox_backlog() -> dict[str, int]:
        """How many events wait to be relayed to JetStream (0 = everything published)."""
        return {"unpublished": await run_in_threadpool(context.backlog)}

    @api.post(
        "/{load_id}/complete", response_model=CompletionOutcome, dependencies=[allow(*WRITERS)]
    )
    async def complete(load_id: LoadId, request: CompleteRequest) -> CompletionOutcome:
        start = _moment(request.window_from, "window_from")
        end = _moment(request.window_to, "window_to")
        try:
            window = DateRange(start, end)
        except ValueError as error:
            raise unprocessable(str(error), "body") from error
        result = await run_in_threadpool(context.complete, load_id, window)
        return CompletionOutcome(
            aggregates=result.aggregates, events=result.events, orphans=result.orphans
        )

    @api.post(
        "/{load_id}/{kind}",
        response_model=ImportOutcome,
        openapi_extra=_BATCH_BODY,
        responses={404: refusal("Not a kind of record this context imports.")},
        dependencies=[allow(*WRITERS)],
    )
    async def stage(
        load_id: LoadId,
        request: Request,
        kind: str = Path(json_schema_extra={"enum": sorted(context.kinds)}),
    ) -> ImportOutcome:
        if kind not in context.kinds:
            raise HTTPException(404, f"this context imports {sorted(context.kinds)}, not {kind}")
        body = await request.body()
        try:  # pydantic-core parses and checks the JSON in one pass, without a dict between
            batch = ImportBatch.model_validate_json(body)
        except ValidationError as error:
            raise invalid(error, "body") from error
        if NUL_ESCAPE in body:
            if NUL in batch.source_file:
                raise unprocessable("NUL character", "body", "source_file")
            batch = mark_nul_characters(batch)
        accepted, rejected = parse_batch(context.kinds[kind], batch, context.personal)
        await run_in_threadpool(context.stage, load_id, kind, accepted, rejected)
        failpoints.hit(failpoints.STAGE_AFTER_COMMIT)
        return ImportOutcome(
            accepted=len(accepted),
            rejected=len(rejected),
            reasons=Counter(r.reason for r in rejected),
        )

    return api


def _moment(text: str | None, field: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError as error:
        raise unprocessable(f"not an ISO date and time: {error}", "body", field) from error
