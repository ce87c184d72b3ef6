from __future__ import annotations

from sqlalchemy import Engine

from services.chassis.unit_of_work import SqlUnitOfWork
from services.fulfillment.adapters.deliveries import PostgresDeliveryRepository
from services.fulfillment.adapters.events import translator
from services.fulfillment.adapters.geography import PostgresZipAreaRepository
from services.fulfillment.adapters.shipments import PostgresShipmentRepository
from services.fulfillment.adapters.tables import SCHEMA


class FulfillmentSqlUnitOfWork(SqlUnitOfWork):
    def __init__(self, engine: Engine) -> None:
        # provenance of the aggregates read in this unit of work, for the event envelope
        self.sources: dict[tuple, tuple[str, int]] = {}
        super().__init__(engine, SCHEMA, translator(lambda key: self.sources.get(key)))

    def start(self) -> None:
        self.sources = {}
        self.zip_areas = PostgresZipAreaRepository(self.connection)
        self.deliveries = PostgresDeliveryRepository(self.connection, self.sources)
        self.shipments = PostgresShipmentRepository(self.connection, self.sources)
