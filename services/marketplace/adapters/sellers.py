"""PostgreSQL adapter of the seller port."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Sourced
from services.marketplace.domain.seller import Seller
from shared_kernel import Address

SELLERS = Upsert(
    "marketplace.seller",
    ("seller_id", "zip_code_prefix", "city", "state", "source_file", "source_row", "load_id"),
    key=("seller_id",),
    keep=("load_id",),
)


class PostgresSellerRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.sources: dict[tuple, tuple[str, int]] = {}

    def stage(self, load_id: str, sellers: Sequence[Sourced[Seller]]) -> None:
        upsert(
            self._connection,
            SELLERS,
            [
                (
                    s.value.seller_id,
                    s.value.address.zip_code_prefix,
                    s.value.address.city,
                    s.value.address.state,
                    s.file,
                    s.row,
                    load_id,
                )
                for s in sellers
            ],
        )

    def get_many(self, seller_ids: Sequence[str]) -> list[Seller]:
        rows = self._connection.execute(
            text(
                "SELECT seller_id, zip_code_prefix, city, state, source_file, source_row"
                " FROM marketplace.seller WHERE seller_id = ANY(:ids)"
            ),
            {"ids": list(seller_ids)},
        )
        sellers = []
        for seller_id, zip_code_prefix, city, state, source_file, source_row in rows:
            self.sources[("seller", seller_id)] = (source_file, source_row)
            sellers.append(Seller(seller_id, Address(zip_code_prefix, city, state)))
        return sellers

    def source_of(self, key: tuple) -> tuple[str, int] | None:
        return self.sources.get(key)
