"""How each kind of change lands in a star-schema table (set-based upserts)."""

from __future__ import annotations

from functools import cache

from services.chassis.bulk import Upsert
from services.reporting.adapters.star_keys import person_of

# --- surrogate keys, looked up as facts are written (members exist: inferred if need be)
PRODUCT_KEY = (
    "product_key",
    "(SELECT product_key FROM dw.dim_product p WHERE p.product_id = s.product_id)",
)
SELLER_KEY = (
    "seller_key",
    "(SELECT seller_key FROM dw.dim_seller d WHERE d.seller_id = s.seller_id)",
)
CUSTOMER_KEY = ("customer_key", person_of("s.customer_id"))
ORDER_CUSTOMER_KEY = (
    "customer_key",
    person_of("(SELECT o.customer_id FROM dw.fact_order o WHERE o.order_id = s.order_id)"),
)

# --- facts of Sales -------------------------------------------------------------------
# fact_order takes its columns from several kinds of change; a batch writes each order's
# row once, with the columns of the kinds of change it brings (order_facts)
ORDER_COLUMNS = {
    "placed": (
        "customer_id",
        "purchase_date_key",
        "purchased_at",
        "estimated_delivery_at",
        "item_count",
        "item_total",
        "freight_total",
    ),
    "approval": ("approved_at",),
    "dispatch": ("delivered_carrier_at",),
    "delivery": ("delivered_customer_at", "delivery_days", "days_late", "is_late"),
    "status": ("order_status", "status_at", "status_rank"),
}
# a status change replaces the row's one when it is further along the lifecycle (rank),
# or as far along and later: StatusChange.supersedes, the same rule in Python
STATUS_SUPERSEDES = (
    "t.status_rank IS NULL OR "
    "(excluded.status_rank, excluded.status_at) >= (t.status_rank, t.status_at)"
)


@cache
def order_facts(kinds: tuple[str, ...]) -> Upsert:
    """The upsert of fact_order rows that bring these kinds of change (ORDER_COLUMNS order):
    `order_id`, their columns, `load_id`."""
    columns = ("order_id", *(c for kind in kinds for c in ORDER_COLUMNS[kind]), "load_id")
    derived = (CUSTOMER_KEY,) if "placed" in kinds else ()
    if kinds == ("status",):
        return Upsert("dw.fact_order", columns, key=("order_id",), only_if=STATUS_SUPERSEDES)
    guarded = tuple(
        (c, f"CASE WHEN {STATUS_SUPERSEDES} THEN excluded.{c} ELSE t.{c} END")
        for c in ORDER_COLUMNS["status"]
        if "status" in kinds
    )
    return Upsert("dw.fact_order", columns, key=("order_id",), merge=guarded, derived=derived)


LINES = Upsert(
    "dw.fact_order_item",
    (
        "order_id",
        "order_item_id",
        "customer_id",
        "product_id",
        "seller_id",
        "purchase_date_key",
        "shipping_limit_at",
        "price",
        "freight_value",
        "load_id",
    ),
    key=("order_id", "order_item_id"),
    derived=(CUSTOMER_KEY, PRODUCT_KEY, SELLER_KEY),
)
PAYMENTS = Upsert(
    "dw.fact_payment",
    (
        "order_id",
        "payment_sequential",
        "payment_type",
        "payment_installments",
        "payment_value",
        "payment_date_key",
        "load_id",
    ),
    key=("order_id", "payment_sequential"),
)

# --- facts of Fulfillment and Customer ------------------------------------------------
SHIPMENTS = Upsert(
    "dw.fact_shipment",
    (
        "order_id",
        "seller_id",
        "shipping_limit_at",
        "dispatched_at",
        "dispatch_date_key",
        "handed_off_late",
        "distance_km",
        "load_id",
    ),
    key=("order_id", "seller_id"),
    derived=(SELLER_KEY,),
)
REVIEWS = Upsert(
    "dw.fact_review",
    (
        "review_id",
        "order_id",
        "score",
        "created_date_key",
        "created_at",
        "answered_at",
        "has_title",
        "has_comment",
        "comment_length",
        "load_id",
    ),
    key=("review_id", "order_id"),
    derived=(ORDER_CUSTOMER_KEY,),
)

# --- dimensions -----------------------------------------------------------------------
PRODUCTS = Upsert(
    "dw.dim_product",
    (
        "product_id",
        "category_name",
        "category_name_english",
        "is_category_translated",
        "name_length",
        "description_length",
        "photos_qty",
        "weight_g",
        "length_cm",
        "height_cm",
        "width_cm",
        "is_inferred",
        "load_id",
    ),
    key=("product_id",),
)
SELLERS = Upsert(
    "dw.dim_seller",
    ("seller_id", "zip_code_prefix", "city", "state", "is_inferred", "load_id"),
    key=("seller_id",),
)
ZIP_AREAS = Upsert(
    "dw.dim_geography",
    (
        "zip_code_prefix",
        "city",
        "state",
        "latitude",
        "longitude",
        "points_used",
        "is_inferred",
        "load_id",
    ),
    key=("zip_code_prefix",),
)
REGISTRATIONS = Upsert(
    "dw.dim_customer",
    ("customer_unique_id", "registered_at", "is_inferred", "load_id"),
    key=("customer_unique_id",),
)
SEGMENTS = Upsert(
    "dw.dim_customer",
    ("customer_unique_id", "segment", "segment_at", "load_id"),
    key=("customer_unique_id",),
    only_if="t.segment_at IS NULL OR excluded.segment_at >= t.segment_at",
)
ADDRESSES = Upsert(
    "dw.customer_address_history",
    (
        "customer_unique_id",
        "valid_from",
        "zip_code_prefix",
        "city",
        "state",
        "customer_id",
        "load_id",
    ),
    key=("customer_unique_id", "valid_from"),
)
LINKS = Upsert(
    "dw.customer_order_link",
    ("customer_id", "order_id", "customer_unique_id", "load_id"),
    key=("customer_id",),
)
