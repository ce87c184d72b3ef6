"""PostgreSQL adapters of the catalog ports (products, category translations): explicit
row <-> domain object translation, set-based writes, one query per table per chunk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Sourced
from services.marketplace.domain.catalog import Category, ProductCatalog
from services.marketplace.domain.measures import Measures
from services.marketplace.domain.product import Product

SCHEMA = "marketplace"

MEASURES = (
    "name_length",
    "description_length",
    "photos_qty",
    "weight_g",
    "length_cm",
    "height_cm",
    "width_cm",
)
PRODUCTS = Upsert(
    "marketplace.product",
    ("product_id", "category_name", *MEASURES, "source_file", "source_row", "load_id"),
    key=("product_id",),
    keep=("load_id",),
)
TRANSLATIONS = Upsert(
    "marketplace.category_translation",
    ("category_name", "category_name_english", "source_file", "source_row", "load_id"),
    key=("category_name",),
    keep=("load_id",),
)
SELECT_PRODUCTS = (
    "SELECT product_id, category_name, "
    + ", ".join(MEASURES)
    + ", source_file, source_row FROM marketplace.product"
)


class PostgresProductRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        # provenance of the products this repository has read: ("product", id) -> file, row
        self.sources: dict[tuple, tuple[str, int]] = {}

    def stage(self, load_id: str, products: Sequence[Sourced[Product]]) -> None:
        upsert(
            self._connection,
            PRODUCTS,
            [
                (
                    s.value.product_id,
                    s.value.category_name,
                    *(getattr(s.value.measures, m) for m in MEASURES),
                    s.file,
                    s.row,
                    load_id,
                )
                for s in products
            ],
        )

    def get(self, product_id: str) -> Product | None:
        found = self.get_many([product_id])
        return found[0] if found else None

    def get_many(self, product_ids: Sequence[str]) -> list[Product]:
        rows = self._connection.execute(
            text(f"{SELECT_PRODUCTS} WHERE product_id = ANY(:ids)"), {"ids": list(product_ids)}
        )
        return [self._product(row) for row in rows]

    def ids_in_categories(self, category_names: Sequence[str]) -> list[str]:
        return list(
            self._connection.execute(
                text(
                    "SELECT product_id FROM marketplace.product WHERE category_name = ANY(:names)"
                ),
                {"names": list(category_names)},
            ).scalars()
        )

    def source_of(self, key: tuple) -> tuple[str, int] | None:
        return self.sources.get(key)

    def _product(self, row) -> Product:
        product_id, category_name, *measures, source_file, source_row = row
        self.sources[("product", product_id)] = (source_file, source_row)
        return Product(product_id, category_name, Measures(*measures))


class PostgresCatalogRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def stage(self, load_id: str, translations: Sequence[Sourced[Category]]) -> None:
        upsert(
            self._connection,
            TRANSLATIONS,
            [(s.value.name, s.value.name_english, s.file, s.row, load_id) for s in translations],
        )

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
