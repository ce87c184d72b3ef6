"""Fulfillment HTTP API: the import endpoints the loader calls, and carrier performance."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from services.chassis.imports import UseCaseImports, import_router
from services.fulfillment.adapters.records import MAPPINGS
from services.fulfillment.adapters.unit_of_work import FulfillmentSqlUnitOfWork
from services.fulfillment.application.imports import complete_load, stage_records
from services.fulfillment.application.performance import on_time_rates
from services.fulfillment.domain.violations import FulfillmentRuleViolation

UnitOfWorkFactory = Callable[[], FulfillmentSqlUnitOfWork]


class OnTimeRateRow(BaseModel):
    month: str
    state: str | None
    delivered: int
    on_time: int
    on_time_rate: float


def router(uow_factory: UnitOfWorkFactory) -> APIRouter:
    api = APIRouter()
    api.include_router(import_router(UseCaseImports(MAPPINGS, uow_factory, stage_records, complete_load)))

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
