"""Composition root of the Fulfillment service: `python -m services.fulfillment`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.intake.service import ContextDeclaration, Intake, context_service
from services.chassis.service import run
from services.fulfillment.adapters.deliveries import PostgresDeliveryRepository
from services.fulfillment.adapters.events import PUBLISHED
from services.fulfillment.adapters.geography import PostgresZipAreaRepository
from services.fulfillment.adapters.records import MAPPINGS
from services.fulfillment.adapters.shipments import PostgresShipmentRepository
from services.fulfillment.adapters.tables import SCHEMA
from services.fulfillment.api import carrier_performance_router
from services.fulfillment.application.intake import STAGERS, complete_load

FULFILLMENT = context_service(
    ContextDeclaration(
        name="fulfillment",
        schema=SCHEMA,
        package=Path(__file__).parent,
        repositories={
            "zip_areas": PostgresZipAreaRepository,
            "deliveries": PostgresDeliveryRepository,
            "shipments": PostgresShipmentRepository,
        },
        published=PUBLISHED,
        intake=Intake(MAPPINGS, STAGERS, complete_load),
        routes=(carrier_performance_router,),
    )
)

if __name__ == "__main__":
    run(FULFILLMENT)
