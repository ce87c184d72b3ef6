"""Sales HTTP API: thin routes that parse, call a use case and answer."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool

from contracts.imports import CompleteRequest, CompletionOutcome, ImportBatch, ImportOutcome
from services.sales.adapters.records import parse_batch
from services.sales.application.imports import (
    CompleteLoad, RecordKind, StageRecords, complete_load, stage_records,
)
from shared_kernel import DateRange


def router(uow_factory) -> APIRouter:
    api = APIRouter(prefix="/imports", tags=["imports"])

    @api.post("/{load_id}/complete", response_model=CompletionOutcome)
    async def complete(load_id: str, request: CompleteRequest) -> CompletionOutcome:
        try:
            window = DateRange(_moment(request.window_from), _moment(request.window_to))
        except ValueError as error:
            raise HTTPException(422, str(error)) from error
        result = await run_in_threadpool(complete_load, uow_factory(), CompleteLoad(load_id, window))
        return CompletionOutcome(orders=result.orders, events=result.events, orphans=result.orphans)

    @api.post("/{load_id}/{kind}", response_model=ImportOutcome)
    async def stage(load_id: str, kind: RecordKind, batch: ImportBatch) -> ImportOutcome:
        accepted, rejected = parse_batch(kind, batch)
        command = StageRecords(load_id, kind, accepted, rejected)
        result = await run_in_threadpool(stage_records, uow_factory(), command)
        reasons = Counter(rejection.reason for rejection in rejected)
        return ImportOutcome(accepted=result.accepted, rejected=result.rejected, reasons=reasons)

    @api.get("/outbox", tags=["imports"])
    async def outbox_backlog() -> dict[str, int]:
        """How many events wait to be relayed to JetStream (0 = everything published)."""
        return {"unpublished": await run_in_threadpool(uow_factory().unpublished)}

    return api


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
