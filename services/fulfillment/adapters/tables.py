"""The Fulfillment tables (adapters/migrations): staged records and set-based upserts, and the zip-area
columns every query reading a route selects."""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.bulk import Upsert
from services.chassis.intake.staging import StagedTable
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import GeoPoint, Location, ZipArea
from services.fulfillment.domain.shipment import ShipmentItem
from shared_kernel import Geolocation

SCHEMA = "fulfillment"

ZIP_AREAS = Upsert(
    f"{SCHEMA}.zip_area",
    (
        "zip_code_prefix",
        "city",
        "state",
        "latitude",
        "longitude",
        "points_used",
        "points_discarded",
    ),
    key=("zip_code_prefix",),
)


def _point_row(point: GeoPoint) -> tuple:
    place, location = point.place, point.location
    return place.zip_code_prefix, location.latitude, location.longitude, place.city, place.state


def _delivery_row(d: Delivery) -> tuple:
    return (
        d.order_id,
        d.customer_id,
        d.status,
        d.purchased_at,
        d.dispatched_at,
        d.delivered_at,
        d.estimated_at,
    )


def _item_row(line: tuple[str, ShipmentItem]) -> tuple:
    order_id, item = line
    return order_id, item.item_number, item.seller_id, item.shipping_limit_at


def _location_row(location: Location) -> tuple:
    return location.party_id, location.zip_code_prefix


POINTS = StagedTable(
    f"{SCHEMA}.geolocation_point",
    "zip_code_prefix latitude longitude city state",
    key="zip_code_prefix source_row",
    row=_point_row,
)
DELIVERIES = StagedTable(
    f"{SCHEMA}.delivery",
    "order_id customer_id status purchased_at dispatched_at delivered_at estimated_at",
    key="order_id",
    row=_delivery_row,
)
ITEMS = StagedTable(
    f"{SCHEMA}.shipment_item",
    "order_id item_number seller_id shipping_limit_at",
    key="order_id item_number",
    row=_item_row,
)
CUSTOMER_LOCATIONS = StagedTable(
    f"{SCHEMA}.customer_location",
    "customer_id zip_code_prefix",
    key="customer_id",
    row=_location_row,
)
SELLER_LOCATIONS = StagedTable(
    f"{SCHEMA}.seller_location", "seller_id zip_code_prefix", key="seller_id", row=_location_row
)

# seven columns of a zip_area aliased `z`, in zip_area_from's order
ZIP_AREA_COLUMNS = (
    "z.zip_code_prefix, z.city, z.state, z.latitude, z.longitude, z.points_used, z.points_discarded"
)


def zip_area_from(columns: Sequence) -> ZipArea | None:
    """A zip area from ZIP_AREA_COLUMNS; None when the outer join found none."""
    prefix, city, state, latitude, longitude, used, discarded = columns
    if prefix is None:
        return None
    location = Geolocation(latitude, longitude) if latitude is not None else None
    return ZipArea(prefix, city, state, location, used, discarded)


def zip_area_row(area: ZipArea) -> tuple:
    location = area.location
    return (
        area.zip_code_prefix,
        area.city,
        area.state,
        location.latitude if location else None,
        location.longitude if location else None,
        area.points_used,
        area.points_discarded,
    )
