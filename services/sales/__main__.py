"""Composition root of the Sales service: `python -m services.sales`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.intake.service import ContextDeclaration, Intake, context_service
from services.chassis.service import run
from services.sales.adapters.events import PUBLISHED
from services.sales.adapters.records import MAPPINGS
from services.sales.adapters.repository import SCHEMA, PostgresOrderRepository
from services.sales.application.intake import STAGERS, complete_load

SALES = context_service(
    ContextDeclaration(
        name="sales",
        schema=SCHEMA,
        package=Path(__file__).parent,
        repositories={"orders": PostgresOrderRepository},
        published=PUBLISHED,
        intake=Intake(MAPPINGS, STAGERS, complete_load),
    )
)

if __name__ == "__main__":
    run(SALES)
