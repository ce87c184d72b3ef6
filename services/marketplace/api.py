"""Marketplace's own HTTP API beside the intake API: sellers' stock reports
(`POST /inventory`), wired to the use case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from contracts.fields import OlistId
from services.chassis.auth.policy import WRITERS, allow
from services.chassis.refusals import refusal, unprocessable
from services.marketplace.application.inventory import ReportStock, UnknownProduct, report_stock
from services.marketplace.application.ports import MarketplaceUnitOfWork
from services.marketplace.domain.errors import MarketplaceRuleViolation

# Olist's clock: Brasília local time without a zone. A report with an offset is moved onto it.
BRASILIA = timezone(timedelta(hours=-3))


class StockReport(BaseModel):
    product_id: OlistId
    seller_id: OlistId
    quantity: int = Field(le=2**31 - 1, description="Units in stock (kept as an integer).")
    reported_at: datetime = Field(description="ISO time; without an offset: Brasília time.")


class StockRecorded(BaseModel):
    event_id: str
    is_new: bool


def inventory_router(uow_factory: Callable[[], MarketplaceUnitOfWork]) -> APIRouter:
    api = APIRouter(tags=["inventory"])

    @api.post(
        "/inventory",
        status_code=202,
        response_model=StockRecorded,
        responses={404: refusal("No such product.")},
        dependencies=[allow(*WRITERS)],
    )
    def report(body: StockReport) -> StockRecorded:
        """A seller's stock of a product: recorded and published as InventoryUpdated."""
        try:
            reported_at = _brasilia(body.reported_at)
        except OverflowError as error:  # an offset that moves it past year 1 or 9999
            raise unprocessable(str(error), "body", "reported_at") from error
        command = ReportStock(body.product_id, body.seller_id, body.quantity, reported_at)
        try:
            outcome = report_stock(uow_factory(), command)
        except UnknownProduct as error:
            raise HTTPException(404, str(error)) from error
        except MarketplaceRuleViolation as error:
            raise unprocessable(str(error), "body") from error
        return StockRecorded(event_id=outcome.event_id, is_new=outcome.is_new)

    return api


def _brasilia(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(BRASILIA).replace(tzinfo=None)
