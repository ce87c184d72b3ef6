from __future__ import annotations

from sqlalchemy import Engine

from services.chassis.unit_of_work import SqlUnitOfWork
from services.customer.adapters.events import translator
from services.customer.adapters.repository import SCHEMA, PostgresCustomerRepository
from services.customer.adapters.reviews import PostgresReviewRepository


class CustomerSqlUnitOfWork(SqlUnitOfWork):
    customers: PostgresCustomerRepository
    reviews: PostgresReviewRepository

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, SCHEMA, translator(self._source_of))

    def start(self) -> None:
        self.customers = PostgresCustomerRepository(self.connection)
        self.reviews = PostgresReviewRepository(self.connection)

    def _source_of(self, key: tuple) -> tuple[str, int] | None:
        repository = self.reviews if key[0] == "review" else self.customers
        return repository.source_of(key)
