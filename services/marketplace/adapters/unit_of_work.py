from __future__ import annotations

from sqlalchemy import Engine

from services.chassis.unit_of_work import SqlUnitOfWork
from services.marketplace.adapters.events import translator
from services.marketplace.adapters.inventory import PostgresInventoryRepository
from services.marketplace.adapters.repository import (
    SCHEMA,
    PostgresCatalogRepository,
    PostgresProductRepository,
)
from services.marketplace.adapters.sellers import PostgresSellerRepository


class MarketplaceSqlUnitOfWork(SqlUnitOfWork):
    products: PostgresProductRepository
    sellers: PostgresSellerRepository

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, SCHEMA, translator(self._source_of))

    def start(self) -> None:
        self.products = PostgresProductRepository(self.connection)
        self.catalog = PostgresCatalogRepository(self.connection)
        self.sellers = PostgresSellerRepository(self.connection)
        self.inventory = PostgresInventoryRepository(self.connection)

    def _source_of(self, key: tuple) -> tuple[str, int] | None:
        repository = self.products if key[0] == "product" else self.sellers
        return repository.source_of(key)
