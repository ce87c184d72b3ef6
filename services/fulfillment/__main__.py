"""Composition root of the Fulfillment service: `python -m services.fulfillment`."""
from __future__ import annotations

from pathlib import Path

from services.chassis.outbox import OutboxRelay
from services.chassis.service import Service, run
from services.fulfillment.adapters.tables import SCHEMA
from services.fulfillment.adapters.unit_of_work import FulfillmentSqlUnitOfWork
from services.fulfillment.api import router

FULFILLMENT = Service(
    name="fulfillment",
    schema=SCHEMA,
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine: [router(lambda: FulfillmentSqlUnitOfWork(engine))],
    workers=lambda engine, js, settings: [
        OutboxRelay.configured(engine, SCHEMA, js, settings)],
    owns_stream=True,
    has_imports=True,
)

if __name__ == "__main__":
    run(FULFILLMENT)
