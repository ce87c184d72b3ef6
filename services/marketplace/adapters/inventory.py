"""PostgreSQL adapter of the inventory port: the latest stock level per product and seller."""

from __future__ import annotations

from sqlalchemy import text

from services.chassis.bulk import Upsert, upsert
from services.chassis.repository import SqlRepository
from services.marketplace.domain.inventory import StockLevel

STOCK = Upsert(
    "marketplace.stock_level",
    ("product_id", "seller_id", "quantity", "reported_at"),
    key=("product_id", "seller_id"),
)


class PostgresInventoryRepository(SqlRepository):
    def get(self, product_id: str, seller_id: str) -> StockLevel | None:
        row = self._connection.execute(
            text(
                "SELECT product_id, seller_id, quantity, reported_at FROM marketplace.stock_level"
                " WHERE product_id = :p AND seller_id = :s"
            ),
            {"p": product_id, "s": seller_id},
        ).first()
        return StockLevel(*row) if row else None

    def save(self, level: StockLevel) -> None:
        upsert(
            self._connection,
            STOCK,
            [(level.product_id, level.seller_id, level.quantity, level.reported_at)],
        )
