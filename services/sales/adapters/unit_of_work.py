from __future__ import annotations

from sqlalchemy import Engine

from services.chassis.unit_of_work import SqlUnitOfWork
from services.sales.adapters.events import translator
from services.sales.adapters.repository import SCHEMA, PostgresOrderRepository


class SalesSqlUnitOfWork(SqlUnitOfWork):
    orders: PostgresOrderRepository

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, SCHEMA, translator(lambda key: self.orders.source_of(key)))

    def start(self) -> None:
        self.orders = PostgresOrderRepository(self.connection)
