"""Composition root of the Reporting service: `python -m services.reporting`."""

from __future__ import annotations

from pathlib import Path

from nats.js import JetStreamContext
from sqlalchemy import Engine

from services.chassis.service import Service, Worker, run
from services.chassis.settings import ServiceSettings
from services.reporting.adapters.consumer import projection_consumers
from services.reporting.adapters.marts import MartRefresher
from services.reporting.adapters.star_schema import PostgresStarSchema
from services.reporting.api import router
from services.reporting.application.projection import SUBSCRIBED_CONTEXTS

REPORTING = Service(
    name="reporting",
    schema="dw",
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine, settings: [router(engine)],
    workers=lambda engine, js, settings: workers(engine, js, settings),
    consumes=True,
)


def workers(engine: Engine, js: JetStreamContext, settings: ServiceSettings) -> list[Worker]:
    consumers = projection_consumers(PostgresStarSchema(engine), js, settings, SUBSCRIBED_CONTEXTS)
    refresher = MartRefresher(
        engine, lambda: sum(c.applied for c in consumers), every=settings.mart_refresh_seconds
    )
    return [*consumers, refresher]


if __name__ == "__main__":
    run(REPORTING)
