"""Analyst API: what the warehouse holds, read with plain SQL."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, text

STAR_TABLES = ("dim_date", "dim_customer", "customer_address_history", "dim_product",
               "dim_seller", "dim_geography", "fact_order", "fact_order_item", "fact_payment",
               "fact_shipment", "fact_review")


def router(engine: Engine) -> APIRouter:
    api = APIRouter(prefix="/warehouse", tags=["warehouse"])

    @api.get("/tables")
    async def tables() -> dict[str, int]:
        """Rows per star-schema table."""
        return await run_in_threadpool(table_counts, engine)

    return api


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM dw.{table}")).scalar_one()
                for table in STAR_TABLES}
