"""PostgreSQL adapter of the shipment port: order items by seller, and where sellers are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.orphans import absent_parents
from services.chassis.repository import SqlRepository
from services.fulfillment.adapters.tables import (
    ITEMS,
    SCHEMA,
    SELLER_LOCATIONS,
    ZIP_AREA_COLUMNS,
    zip_area_from,
)
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import Location, ZipArea
from services.fulfillment.domain.shipment import Shipment, ShipmentItem


class PostgresShipmentRepository(SqlRepository):
    def stage_items(self, load_id: str, items: Sequence[Sourced[tuple[str, ShipmentItem]]]) -> None:
        ITEMS.stage(self._connection, load_id, items)

    def stage_seller_locations(self, load_id: str, locations: Sequence[Sourced[Location]]) -> None:
        SELLER_LOCATIONS.stage(self._connection, load_id, locations)

    def get_many(self, deliveries: Sequence[Delivery]) -> list[Shipment]:
        """The shipments of these deliveries, each from its seller's zip area."""
        items: dict[str, list[ShipmentItem]] = defaultdict(list)
        origins: dict[str, ZipArea | None] = {}
        for row in self._connection.execute(
            text(
                f"SELECT i.order_id, i.item_number, i.seller_id, i.shipping_limit_at,"
                f" i.source_file, i.source_row, {ZIP_AREA_COLUMNS}"
                f" FROM {SCHEMA}.shipment_item i"
                f" LEFT JOIN {SCHEMA}.seller_location s ON s.seller_id = i.seller_id"
                f" LEFT JOIN {SCHEMA}.zip_area z ON z.zip_code_prefix = s.zip_code_prefix"
                f" WHERE i.order_id = ANY(:ids) ORDER BY i.order_id, i.item_number"
            ),
            {"ids": [d.order_id for d in deliveries]},
        ).all():
            items[row.order_id].append(
                ShipmentItem(row.item_number, row.seller_id, row.shipping_limit_at)
            )
            origins[row.seller_id] = zip_area_from(row[6:])  # the ZIP_AREA_COLUMNS
            if (key := ("shipment", row.order_id, row.seller_id)) not in self._sources:
                self._sources.note(key, row)  # the seller's first item
        return [
            shipment
            for delivery in deliveries
            for shipment in delivery.shipments(items.get(delivery.order_id, ()), origins)
        ]

    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]:
        """Staged items of these orders whose order never arrived."""
        rows = self._connection.execute(
            text(
                # sql: identifiers only (absent_parents of constant table and column names)
                f"SELECT i.source_file, i.source_row, jsonb_build_object("
                f" 'order_id', i.order_id, 'order_item_id', i.item_number,"
                f" 'seller_id', i.seller_id, 'shipping_limit_date', i.shipping_limit_at)"
                f" FROM {SCHEMA}.shipment_item i"
                f" WHERE i.order_id = ANY({absent_parents(f'{SCHEMA}.delivery', 'order_id')})"
            ),
            {"ids": list(order_ids)},
        ).all()
        return [
            Rejection(file, row, "shipment_item", "order_id: no such order in the source", record)
            for file, row, record in rows
        ]

    def orders_of_sellers(self, seller_ids: Sequence[str]) -> list[str]:
        """Orders with an item of these sellers (only orders that arrived)."""
        return self._column(
            f"SELECT DISTINCT i.order_id FROM {SCHEMA}.shipment_item i"
            f" JOIN {SCHEMA}.delivery d ON d.order_id = i.order_id"
            f" WHERE i.seller_id = ANY(:ids)",
            ids=list(seller_ids),
        )
