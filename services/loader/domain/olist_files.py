"""The nine files of Olist's Kaggle release: their names and every column in file order,
with the SQL type a database copy of the file gives it. The one list the loader's plan,
its sources and the data generator read."""

from __future__ import annotations

CATEGORY_TRANSLATION_FILE = "product_category_name_translation.csv"
PRODUCTS_FILE = "olist_products_dataset.csv"
SELLERS_FILE = "olist_sellers_dataset.csv"
CUSTOMERS_FILE = "olist_customers_dataset.csv"
GEOLOCATION_FILE = "olist_geolocation_dataset.csv"
ORDERS_FILE = "olist_orders_dataset.csv"
ITEMS_FILE = "olist_order_items_dataset.csv"
PAYMENTS_FILE = "olist_order_payments_dataset.csv"
REVIEWS_FILE = "olist_order_reviews_dataset.csv"

ID, TEXT, MOMENT, MONEY, COUNT, DEGREES = (
    "text",
    "text",
    "timestamp",
    "numeric(14,2)",
    "integer",
    "double precision",
)

OLIST_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    CATEGORY_TRANSLATION_FILE: (
        ("product_category_name", TEXT),
        ("product_category_name_english", TEXT),
    ),
    PRODUCTS_FILE: (
        ("product_id", ID),
        ("product_category_name", TEXT),
        ("product_name_lenght", COUNT),
        ("product_description_lenght", COUNT),
        ("product_photos_qty", COUNT),
        ("product_weight_g", COUNT),
        ("product_length_cm", COUNT),
        ("product_height_cm", COUNT),
        ("product_width_cm", COUNT),
    ),
    SELLERS_FILE: (
        ("seller_id", ID),
        ("seller_zip_code_prefix", TEXT),
        ("seller_city", TEXT),
        ("seller_state", TEXT),
    ),
    CUSTOMERS_FILE: (
        ("customer_id", ID),
        ("customer_unique_id", ID),
        ("customer_zip_code_prefix", TEXT),
        ("customer_city", TEXT),
        ("customer_state", TEXT),
    ),
    GEOLOCATION_FILE: (
        ("geolocation_zip_code_prefix", TEXT),
        ("geolocation_lat", DEGREES),
        ("geolocation_lng", DEGREES),
        ("geolocation_city", TEXT),
        ("geolocation_state", TEXT),
    ),
    ORDERS_FILE: (
        ("order_id", ID),
        ("customer_id", ID),
        ("order_status", TEXT),
        ("order_purchase_timestamp", MOMENT),
        ("order_approved_at", MOMENT),
        ("order_delivered_carrier_date", MOMENT),
        ("order_delivered_customer_date", MOMENT),
        ("order_estimated_delivery_date", MOMENT),
    ),
    ITEMS_FILE: (
        ("order_id", ID),
        ("order_item_id", COUNT),
        ("product_id", ID),
        ("seller_id", ID),
        ("shipping_limit_date", MOMENT),
        ("price", MONEY),
        ("freight_value", MONEY),
    ),
    PAYMENTS_FILE: (
        ("order_id", ID),
        ("payment_sequential", COUNT),
        ("payment_type", TEXT),
        ("payment_installments", COUNT),
        ("payment_value", MONEY),
    ),
    REVIEWS_FILE: (
        ("review_id", ID),
        ("order_id", ID),
        ("review_score", COUNT),
        ("review_comment_title", TEXT),
        ("review_comment_message", TEXT),
        ("review_creation_date", MOMENT),
        ("review_answer_timestamp", MOMENT),
    ),
}


def columns_of(file: str) -> tuple[str, ...]:
    return tuple(column for column, _ in OLIST_FILES[file])
