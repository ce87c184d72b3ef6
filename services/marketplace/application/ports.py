"""What the Marketplace use cases need from the outside world, as Protocols."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from services.chassis.staging import Rejection, Sourced
from services.marketplace.domain.catalog import Category, ProductCatalog
from services.marketplace.domain.inventory import StockLevel
from services.marketplace.domain.product import Product
from services.marketplace.domain.seller import Seller
from shared_kernel import DomainEvent


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


class QuarantineRepository(Protocol):
    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int: ...


class ImportScope(Protocol):
    def touch(self, load_id: str, aggregate_ids: Sequence[str]) -> None: ...
    def chunk(self, load_id: str, after: str, limit: int) -> list[str]: ...


class MarketplaceUnitOfWork(Protocol):
    products: ProductRepository
    catalog: CatalogRepository
    sellers: SellerRepository
    inventory: InventoryRepository
    quarantine: QuarantineRepository
    scope: ImportScope
    events_appended: int

    def __enter__(self) -> MarketplaceUnitOfWork: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def publish(self, events: Iterable[DomainEvent], *, load_id: str) -> None: ...
    def commit(self) -> None: ...
