"""What the Marketplace use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from services.chassis.intake.commands import Sourced
from services.chassis.intake.ports import IntakeUnitOfWork
from services.marketplace.domain.catalog import Category, ProductCatalog
from services.marketplace.domain.inventory import StockLevel
from services.marketplace.domain.product import Product
from services.marketplace.domain.seller import Seller


class ProductRepository(Protocol):
    def stage(self, load_id: str, products: Sequence[Sourced[Product]]) -> None: ...
    def get(self, product_id: str) -> Product | None: ...
    def get_many(self, product_ids: Sequence[str]) -> list[Product]: ...
    def ids_in_categories(self, category_names: Sequence[str]) -> list[str]: ...


class CatalogRepository(Protocol):
    def stage(self, load_id: str, translations: Sequence[Sourced[Category]]) -> None: ...
    def for_categories(self, category_names: Iterable[str]) -> ProductCatalog: ...


class SellerRepository(Protocol):
    def stage(self, load_id: str, sellers: Sequence[Sourced[Seller]]) -> None: ...
    def get_many(self, seller_ids: Sequence[str]) -> list[Seller]: ...


class InventoryRepository(Protocol):
    def get(self, product_id: str, seller_id: str) -> StockLevel | None: ...
    def save(self, level: StockLevel) -> None: ...


class MarketplaceUnitOfWork(IntakeUnitOfWork, Protocol):
    products: ProductRepository
    catalog: CatalogRepository
    sellers: SellerRepository
    inventory: InventoryRepository
