"""Composition root of the Quality service: `python -m services.quality`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.outbox import OutboxRelay
from services.chassis.service import Service, run
from services.quality.adapters.report_history import SCHEMA
from services.quality.api import router

QUALITY = Service(
    name="quality",
    schema=SCHEMA,
    migrations=Path(__file__).parent / "adapters" / "migrations",
    routers=lambda engine, settings: [router(engine, settings)],
    workers=lambda engine, js, settings: [OutboxRelay.configured(engine, SCHEMA, js, settings)],
    owns_stream=True,  # QUALITY: the gate's decisions
    has_imports=True,  # the chassis tables: its outbox
)

if __name__ == "__main__":
    run(QUALITY)
