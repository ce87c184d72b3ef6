"""Analyst API: what the warehouse holds, read with plain SQL."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, text

from services.chassis.auth.policy import READERS, WRITERS, allow
from services.reporting.adapters.marts import refresh_marts

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
        """Bring every mart up to the star schema now (a load ends with it)."""
        return {"seconds": round(await run_in_threadpool(refresh_marts, engine), 3)}

    return api


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            # sql: identifiers only (a table of STAR_TABLES)
            table: connection.execute(text(f"SELECT count(*) FROM dw.{table}")).scalar_one()
            for table in STAR_TABLES
        }
