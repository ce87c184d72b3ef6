"""What makes a row of each Olist source file itself: its key (None: the file has none) and
the fields without which the row means nothing. The loader profiles each file by these as it
reads it; Quality's rules judge the profile (docs/quality.md)."""

from __future__ import annotations

SOURCE_KEYS: dict[str, tuple[str, ...] | None] = {
    "olist_orders_dataset.csv": ("order_id",),
    "olist_order_items_dataset.csv": ("order_id", "order_item_id"),
    "olist_order_payments_dataset.csv": ("order_id", "payment_sequential"),
    "olist_order_reviews_dataset.csv": ("review_id", "order_id"),
    "olist_customers_dataset.csv": ("customer_id",),
    "olist_products_dataset.csv": ("product_id",),
    "olist_sellers_dataset.csv": ("seller_id",),
    "olist_geolocation_dataset.csv": None,
    "product_category_name_translation.csv": ("product_category_name",),
}
# the event time whose newest value the warehouse must reach (the timeliness rule)
EVENT_TIMES: dict[str, str] = {"olist_orders_dataset.csv": "order_purchase_timestamp"}
CRITICAL_FIELDS: dict[str, tuple[str, ...]] = {
    "olist_orders_dataset.csv": (
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
    ),
    "olist_order_items_dataset.csv": (
        "order_id",
        "order_item_id",
        "product_id",
        "seller_id",
        "price",
        "freight_value",
    ),
    "olist_order_payments_dataset.csv": ("order_id", "payment_sequential", "payment_value"),
    "olist_order_reviews_dataset.csv": (
        "review_id",
        "order_id",
        "review_score",
        "review_creation_date",
    ),
    "olist_customers_dataset.csv": (
        "customer_id",
        "customer_unique_id",
        "customer_zip_code_prefix",
    ),
    "olist_products_dataset.csv": ("product_id",),
    "olist_sellers_dataset.csv": ("seller_id", "seller_zip_code_prefix"),
    "olist_geolocation_dataset.csv": (
        "geolocation_zip_code_prefix",
        "geolocation_lat",
        "geolocation_lng",
    ),
    "product_category_name_translation.csv": (
        "product_category_name",
        "product_category_name_english",
    ),
}
