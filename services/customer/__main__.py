"""Composition root of the Customer service: `python -m services.customer`."""
from __future__ import annotations

from pathlib import Path

from services.chassis.outbox import OutboxRelay
from services.chassis.service import Service, run
from services.customer.adapters.repository import SCHEMA
from services.customer.adapters.unit_of_work import CustomerSqlUnitOfWork
from services.customer.api import router

CUSTOMER = Service(
    name="customer",
    schema=SCHEMA,
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine: [router(lambda: CustomerSqlUnitOfWork(engine))],
    workers=lambda engine, js, settings: [
        OutboxRelay.configured(engine, SCHEMA, js, settings)],
    owns_stream=True,
    has_imports=True,
)

if __name__ == "__main__":
    run(CUSTOMER)
