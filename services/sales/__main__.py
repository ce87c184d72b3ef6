"""Composition root of the Sales service: `python -m services.sales`."""
from __future__ import annotations

from pathlib import Path

from services.chassis.outbox import OutboxRelay
from services.chassis.service import Service, run
from services.sales.adapters.repository import SCHEMA
from services.sales.adapters.unit_of_work import SalesSqlUnitOfWork
from services.sales.api import router

SALES = Service(
    name="sales",
    schema=SCHEMA,
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine: [router(lambda: SalesSqlUnitOfWork(engine))],
    workers=lambda engine, js, settings: [
        OutboxRelay.configured(engine, SCHEMA, js, settings)],
    owns_stream=True,
    has_imports=True,
)

if __name__ == "__main__":
    run(SALES)
