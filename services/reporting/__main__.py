"""Composition root of the Reporting service: `python -m services.reporting`."""
from __future__ import annotations

from pathlib import Path

from services.chassis.service import Service, run
from services.reporting.adapters.consumer import projection_consumers
from services.reporting.adapters.star_schema import PostgresStarSchema
from services.reporting.api import router
from services.reporting.application.projection import SUBSCRIBED_CONTEXTS

REPORTING = Service(
    name="reporting",
    schema="dw",
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine: [router(engine)],
    workers=lambda engine, js, settings: projection_consumers(
        PostgresStarSchema(engine), js, settings, SUBSCRIBED_CONTEXTS),
)

if __name__ == "__main__":
    run(REPORTING)
