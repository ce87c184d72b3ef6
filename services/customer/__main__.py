"""Composition root of the Customer service: `python -m services.customer`."""

from __future__ import annotations

from pathlib import Path

from services.chassis.intake.service import ContextDeclaration, Intake, context_service
from services.chassis.service import run
from services.customer.adapters.events import PUBLISHED
from services.customer.adapters.records import MAPPINGS
from services.customer.adapters.repository import SCHEMA, PostgresCustomerRepository
from services.customer.adapters.reviews import PostgresReviewRepository
from services.customer.application.intake import STAGERS, complete_load

CUSTOMER = context_service(
    ContextDeclaration(
        name="customer",
        schema=SCHEMA,
        package=Path(__file__).parent,
        repositories={"customers": PostgresCustomerRepository, "reviews": PostgresReviewRepository},
        published=PUBLISHED,
        intake=Intake(MAPPINGS, STAGERS, complete_load),
    )
)

if __name__ == "__main__":
    run(CUSTOMER)
