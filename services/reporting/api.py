"""Analyst API: what the warehouse holds, read with plain SQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import Engine, text

from services.chassis.auth.policy import READERS, WRITERS, allow
from services.reporting.adapters.marts import held_by, hold_marts, refresh_marts


class MartHold(BaseModel):
    load_id: str = Field(min_length=1, max_length=200, pattern=r"^[\w.:-]+$")
    # PostgreSQL text cannot hold NUL
    reasons: list[Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]] = Field(
        max_length=200
    )


STAR_TABLES = (
    "dim_date",
    "dim_customer",
    "customer_address_history",
    "dim_product",
    "dim_seller",
    "dim_geography",
    "fact_order",
    "fact_order_item",
    "fact_payment",
    "fact_shipment",
    "fact_review",
)


def router(engine: Engine) -> APIRouter:
    api = APIRouter(prefix="/warehouse", tags=["warehouse"])

    @api.get("/tables", dependencies=[allow(*READERS)])
    async def tables() -> dict[str, int]:
        """Rows per star-schema table."""
        return await run_in_threadpool(table_counts, engine)

    @api.post("/marts/refresh", dependencies=[allow(*WRITERS)])
    async def refresh() -> dict[str, float]:
        """Bring every mart up to the star schema now (a load that passed the quality gate
        ends with it), lifting any hold."""
        return {"seconds": round(await run_in_threadpool(refresh_marts, engine), 3)}

    @api.post("/marts/hold", dependencies=[allow(*WRITERS)])
    async def hold(request: MartHold) -> dict[str, list[str]]:
        """Keep the marts at the last good load: this load failed the quality gate. The
        automatic refresh skips until a refresh is asked for."""
        await run_in_threadpool(hold_marts, engine, request.load_id, "; ".join(request.reasons))
        return {"held_by": await run_in_threadpool(held_by, engine)}

    return api


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            # sql: identifiers only (a table of STAR_TABLES)
            table: connection.execute(text(f"SELECT count(*) FROM dw.{table}")).scalar_one()
            for table in STAR_TABLES
        }
