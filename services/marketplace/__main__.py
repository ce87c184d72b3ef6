"""Composition root of the Marketplace service: `python -m services.marketplace`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.intake.service import ContextDeclaration, Intake, context_service
from services.chassis.service import run
from services.marketplace.adapters.events import PUBLISHED
from services.marketplace.adapters.inventory import PostgresInventoryRepository
from services.marketplace.adapters.records import MAPPINGS
from services.marketplace.adapters.repository import (
    SCHEMA,
    PostgresCatalogRepository,
    PostgresProductRepository,
)
from services.marketplace.adapters.sellers import PostgresSellerRepository
from services.marketplace.api import inventory_router
from services.marketplace.application.intake import STAGERS, complete_load

MARKETPLACE = context_service(
    ContextDeclaration(
        name="marketplace",
        schema=SCHEMA,
        package=Path(__file__).parent,
        repositories={
            "products": PostgresProductRepository,
            "catalog": PostgresCatalogRepository,
            "sellers": PostgresSellerRepository,
            "inventory": PostgresInventoryRepository,
        },
        published=PUBLISHED,
        intake=Intake(MAPPINGS, STAGERS, complete_load),
        routes=(inventory_router,),
    )
)

if __name__ == "__main__":
    run(MARKETPLACE)
