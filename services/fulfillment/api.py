"""Fulfillment's own HTTP API beside the intake API: carrier performance."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from services.chassis.auth.policy import READERS, allow
from services.chassis.refusals import unprocessable
from services.fulfillment.application.performance import on_time_rates
from services.fulfillment.application.ports import FulfillmentUnitOfWork
from services.fulfillment.domain.errors import FulfillmentRuleViolation

UnitOfWorkFactory = Callable[[], FulfillmentUnitOfWork]


class OnTimeRateRow(BaseModel):
    month: str
    state: str | None
    delivered: int
    on_time: int
    on_time_rate: float


def carrier_performance_router(uow_factory: UnitOfWorkFactory) -> APIRouter:
    api = APIRouter()

    @api.get(
        "/carrier-performance",
        tags=["fulfillment"],
        response_model=list[OnTimeRateRow],
        dependencies=[allow(*READERS)],
    )
    async def carrier_performance(
        month: str | None = Query(None, description="YYYY-MM; every month when absent"),
    ) -> list[OnTimeRateRow]:
        """On-time deliveries per month of delivery and customer state."""
        try:
            rates = await run_in_threadpool(on_time_rates, uow_factory(), month)
        except FulfillmentRuleViolation as error:
            raise unprocessable(str(error), "query", "month") from error
        return [
            OnTimeRateRow(
                month=r.month,
                state=r.state,
                delivered=r.delivered,
                on_time=r.on_time,
                on_time_rate=round(r.rate, 4),
            )
            for r in rates
        ]

    return api
