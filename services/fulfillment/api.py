"""Fulfillment HTTP API: the import endpoints the loader calls, and carrier performance."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from services.chassis.imports import import_router
from services.chassis.staging import CompletionResult, Rejection, Sourced
from services.fulfillment.adapters.records import MAPPINGS
from services.fulfillment.adapters.unit_of_work import FulfillmentSqlUnitOfWork
from services.fulfillment.application.imports import (
    CompleteLoad, StageRecords, complete_load, stage_records,
)
from services.fulfillment.application.performance import on_time_rates
from services.fulfillment.domain.violations import FulfillmentRuleViolation
from shared_kernel import DateRange

UnitOfWorkFactory = Callable[[], FulfillmentSqlUnitOfWork]


class FulfillmentImports:
    kinds = MAPPINGS

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow = uow_factory

    def stage(self, load_id: str, kind: str, accepted: Sequence[Sourced],
              rejected: Sequence[Rejection]) -> None:
        stage_records(self._uow(), StageRecords(load_id, kind, accepted, rejected))

    def complete(self, load_id: str, window: DateRange) -> CompletionResult:
        return complete_load(self._uow(), CompleteLoad(load_id, window))

    def backlog(self) -> int:
        return self._uow().unpublished()


class OnTimeRateRow(BaseModel):
    month: str
    state: str | None
    delivered: int
    on_time: int
    on_time_rate: float


def router(uow_factory: UnitOfWorkFactory) -> APIRouter:
    api = APIRouter()
    api.include_router(import_router(FulfillmentImports(uow_factory)))

    @api.get("/carrier-performance", tags=["fulfillment"], response_model=list[OnTimeRateRow])
    async def carrier_performance(
            month: str | None = Query(None, description="YYYY-MM; every month when absent"),
    ) -> list[OnTimeRateRow]:
        """On-time deliveries per month of delivery and customer state."""
        try:
            rates = await run_in_threadpool(on_time_rates, uow_factory(), month)
        except FulfillmentRuleViolation as error:
            raise HTTPException(422, str(error)) from error
        return [OnTimeRateRow(month=r.month, state=r.state, delivered=r.delivered,
                              on_time=r.on_time, on_time_rate=round(r.rate, 4)) for r in rates]

    return api
