"""Composition root of the Marketplace service: `python -m services.marketplace`."""
from __future__ import annotations

from pathlib import Path

from services.chassis.outbox import OutboxRelay
from services.chassis.service import Service, run
from services.marketplace.adapters.repository import SCHEMA
from services.marketplace.adapters.unit_of_work import MarketplaceSqlUnitOfWork
from services.marketplace.api import router

MARKETPLACE = Service(
    name="marketplace",
    schema=SCHEMA,
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine: [router(lambda: MarketplaceSqlUnitOfWork(engine))],
    workers=lambda engine, js, settings: [
        OutboxRelay.configured(engine, SCHEMA, js, settings)],
    owns_stream=True,
    has_imports=True,
)

if __name__ == "__main__":
    run(MARKETPLACE)
