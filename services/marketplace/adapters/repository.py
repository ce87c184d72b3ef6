"""PostgreSQL adapters of the catalog ports (products, category translations): explicit
row <-> domain object translation, set-based writes, one query per table per chunk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields

from sqlalchemy import text

from services.chassis.intake.commands import Sourced
from services.chassis.intake.staging import StagedTable
from services.chassis.repository import SqlRepository
from services.marketplace.domain.catalog import Category, ProductCatalog
from services.marketplace.domain.measures import Measures
from services.marketplace.domain.product import Product

SCHEMA = "marketplace"

MEASURES = tuple(m.name for m in fields(Measures))


def _product_row(p: Product) -> tuple:
    return (p.product_id, p.category_name, *(getattr(p.measures, m) for m in MEASURES))


PRODUCTS = StagedTable(
    "marketplace.product",
    " ".join(("product_id category_name", *MEASURES)),
    key="product_id",
    row=_product_row,
)
TRANSLATIONS = StagedTable(
    "marketplace.category_translation",
    "category_name category_name_english",
    key="category_name",
    row=lambda category: (category.name, category.name_english),
)
SELECT_PRODUCTS = (
    "SELECT product_id, category_name, "
    + ", ".join(MEASURES)
    + ", source_file, source_row FROM marketplace.product"
)


class PostgresProductRepository(SqlRepository):
    def stage(self, load_id: str, products: Sequence[Sourced[Product]]) -> None:
        PRODUCTS.stage(self._connection, load_id, products)

    def get(self, product_id: str) -> Product | None:
        found = self.get_many([product_id])
        return found[0] if found else None

    def get_many(self, product_ids: Sequence[str]) -> list[Product]:
        rows = self._connection.execute(
            text(f"{SELECT_PRODUCTS} WHERE product_id = ANY(:ids)"), {"ids": list(product_ids)}
        )
        return [self._product(row) for row in rows]

    def ids_in_categories(self, category_names: Sequence[str]) -> list[str]:
        return self._column(
            "SELECT product_id FROM marketplace.product WHERE category_name = ANY(:names)",
            names=list(category_names),
        )

    def _product(self, row) -> Product:
        product_id, category_name, *measures, source_file, source_row = row
        self._sources[("product", product_id)] = (source_file, source_row)
        return Product(product_id, category_name, Measures(*measures))


class PostgresCatalogRepository(SqlRepository):
    def stage(self, load_id: str, translations: Sequence[Sourced[Category]]) -> None:
        TRANSLATIONS.stage(self._connection, load_id, translations)

    def for_categories(self, category_names: Iterable[str]) -> ProductCatalog:
        """The part of the translation table that names these categories."""
        names = sorted(set(category_names))
        if not names:
            return ProductCatalog()
        rows = self._connection.execute(
            text(
                "SELECT category_name, category_name_english FROM marketplace.category_translation"
                " WHERE category_name = ANY(:names)"
            ),
            {"names": names},
        )
        return ProductCatalog(Category.translated(name, english) for name, english in rows)
