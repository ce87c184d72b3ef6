"""The Fulfillment tables (adapters/migrations) as set-based upserts, and the zip-area
columns every query reading a route selects."""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.bulk import Upsert
from services.fulfillment.domain.geography import ZipArea
from shared_kernel import Geolocation

SCHEMA = "fulfillment"

POINTS = Upsert(
    f"{SCHEMA}.geolocation_point",
    (
        "zip_code_prefix",
        "source_row",
        "source_file",
        "latitude",
        "longitude",
        "city",
        "state",
        "load_id",
    ),
    key=("zip_code_prefix", "source_row"),
    keep=("load_id",),
)
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
DELIVERIES = Upsert(
    f"{SCHEMA}.delivery",
    (
        "order_id",
        "customer_id",
        "status",
        "purchased_at",
        "dispatched_at",
        "delivered_at",
        "estimated_at",
        "source_file",
        "source_row",
        "load_id",
    ),
    key=("order_id",),
    keep=("load_id",),
)
ITEMS = Upsert(
    f"{SCHEMA}.shipment_item",
    (
        "order_id",
        "item_number",
        "seller_id",
        "shipping_limit_at",
        "source_file",
        "source_row",
        "load_id",
    ),
    key=("order_id", "item_number"),
    keep=("load_id",),
)
CUSTOMER_LOCATIONS = Upsert(
    f"{SCHEMA}.customer_location",
    ("customer_id", "zip_code_prefix", "source_file", "source_row", "load_id"),
    key=("customer_id",),
    keep=("load_id",),
)
SELLER_LOCATIONS = Upsert(
    f"{SCHEMA}.seller_location",
    ("seller_id", "zip_code_prefix", "source_file", "source_row", "load_id"),
    key=("seller_id",),
    keep=("load_id",),
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
