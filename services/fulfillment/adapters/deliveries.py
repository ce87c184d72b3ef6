"""PostgreSQL adapter of the delivery port: orders and where their customers are."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.intake.commands import Sourced
from services.chassis.repository import SqlRepository
from services.fulfillment.adapters.tables import (
    CUSTOMER_LOCATIONS,
    DELIVERIES,
    SCHEMA,
    ZIP_AREA_COLUMNS,
    zip_area_from,
)
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import Location
from shared_kernel import DateRange

# a delivery with its destination: the customer's zip area, when both are known
DELIVERY_QUERY = (
    f"SELECT d.order_id, d.customer_id, d.status, d.purchased_at, d.dispatched_at,"
    f" d.delivered_at, d.estimated_at, d.source_file, d.source_row, {ZIP_AREA_COLUMNS}"
    f" FROM {SCHEMA}.delivery d"
    f" LEFT JOIN {SCHEMA}.customer_location c ON c.customer_id = d.customer_id"
    f" LEFT JOIN {SCHEMA}.zip_area z ON z.zip_code_prefix = c.zip_code_prefix"
)


class PostgresDeliveryRepository(SqlRepository):
    def stage_orders(self, load_id: str, deliveries: Sequence[Sourced[Delivery]]) -> None:
        DELIVERIES.stage(self._connection, load_id, deliveries)

    def stage_customer_locations(
        self, load_id: str, locations: Sequence[Sourced[Location]]
    ) -> None:
        CUSTOMER_LOCATIONS.stage(self._connection, load_id, locations)

    def get_many(self, order_ids: Sequence[str]) -> list[Delivery]:
        return self._read(" WHERE d.order_id = ANY(:ids)", {"ids": list(order_ids)})

    def delivered_in(self, window: DateRange) -> list[Delivery]:
        """The deliveries that reached their customer within the window."""
        where = " WHERE d.delivered_at IS NOT NULL"
        if window.start is not None:
            where += " AND d.delivered_at >= :start"
        if window.end is not None:
            where += " AND d.delivered_at < :end"
        return self._read(where, {"start": window.start, "end": window.end})

    def orders_of_customers(self, customer_ids: Sequence[str]) -> list[str]:
        return self._column(
            f"SELECT order_id FROM {SCHEMA}.delivery WHERE customer_id = ANY(:ids)",
            ids=list(customer_ids),
        )

    def orders_in_zip_areas(self, prefixes: Sequence[str]) -> list[str]:
        """Orders going to, or shipped from, one of these zip areas."""
        return self._column(
            f"SELECT d.order_id FROM {SCHEMA}.delivery d"
            f" JOIN {SCHEMA}.customer_location c ON c.customer_id = d.customer_id"
            f" WHERE c.zip_code_prefix = ANY(:prefixes)"
            f" UNION"
            f" SELECT i.order_id FROM {SCHEMA}.shipment_item i"
            f" JOIN {SCHEMA}.seller_location s ON s.seller_id = i.seller_id"
            f" JOIN {SCHEMA}.delivery d ON d.order_id = i.order_id"
            f" WHERE s.zip_code_prefix = ANY(:prefixes)",
            prefixes=list(prefixes),
        )

    def _read(self, where: str, parameters: dict[str, object]) -> list[Delivery]:
        deliveries = []
        for row in self._connection.execute(text(DELIVERY_QUERY + where), parameters).all():
            deliveries.append(
                Delivery(
                    order_id=row.order_id,
                    customer_id=row.customer_id,
                    status=row.status,
                    purchased_at=row.purchased_at,
                    dispatched_at=row.dispatched_at,
                    delivered_at=row.delivered_at,
                    estimated_at=row.estimated_at,
                    destination=zip_area_from(row[9:]),
                )
            )
            self._sources.note(("order", row.order_id), row)
        return deliveries
