"""PostgreSQL adapter of the seller port."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.intake.commands import Sourced
from services.chassis.intake.staging import StagedTable
from services.chassis.repository import SqlRepository
from services.marketplace.domain.seller import Seller
from shared_kernel import Address

SELLERS = StagedTable(
    "marketplace.seller",
    "seller_id zip_code_prefix city state",
    key="seller_id",
    row=lambda s: (s.seller_id, s.address.zip_code_prefix, s.address.city, s.address.state),
)


class PostgresSellerRepository(SqlRepository):
    def stage(self, load_id: str, sellers: Sequence[Sourced[Seller]]) -> None:
        SELLERS.stage(self._connection, load_id, sellers)

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
            self._sources[("seller", seller_id)] = (source_file, source_row)
            sellers.append(Seller(seller_id, Address(zip_code_prefix, city, state)))
        return sellers
