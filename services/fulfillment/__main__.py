"""Composition root of the Fulfillment service: `python -m services.fulfillment`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.intake.service import ContextDeclaration, Intake, context_service
from services.chassis.service import run
from services.fulfillment.adapters.records import MAPPINGS
from services.fulfillment.adapters.tables import SCHEMA
from services.fulfillment.adapters.unit_of_work import FulfillmentSqlUnitOfWork
from services.fulfillment.api import carrier_performance_router
from services.fulfillment.application.intake import STAGERS, complete_load

FULFILLMENT = context_service(
    ContextDeclaration(
        name="fulfillment",
        schema=SCHEMA,
        package=Path(__file__).parent,
        unit_of_work=FulfillmentSqlUnitOfWork,
        intake=Intake(MAPPINGS, STAGERS, complete_load),
        routes=(carrier_performance_router,),
    )
)

if __name__ == "__main__":
    run(FULFILLMENT)
