from __future__ import annotations

from dataclasses import dataclass

from services.loader.domain.olist_files import (
    CATEGORY_TRANSLATION_FILE,
    CUSTOMERS_FILE,
    GEOLOCATION_FILE,
    ITEMS_FILE,
    ORDERS_FILE,
    PAYMENTS_FILE,
    PRODUCTS_FILE,
    REVIEWS_FILE,
    SELLERS_FILE,
)


@dataclass(frozen=True)
class SourceFile:
    """One Olist extract file as one context imports it: the columns it needs, and the
    money columns whose control totals the load keeps."""

    name: str
    context: str
    kind: str
    columns: tuple[str, ...]
    money_columns: tuple[str, ...] = ()


CATEGORY_TRANSLATIONS = SourceFile(
    CATEGORY_TRANSLATION_FILE,
    "marketplace",
    "category_translations",
    ("product_category_name", "product_category_name_english"),
)
PRODUCTS = SourceFile(
    PRODUCTS_FILE,
    "marketplace",
    "products",
    (
        "product_id",
        "product_category_name",
        "product_name_lenght",
        "product_description_lenght",
        "product_photos_qty",
        "product_weight_g",
        "product_length_cm",
        "product_height_cm",
        "product_width_cm",
    ),
)
SELLERS = SourceFile(
    SELLERS_FILE,
    "marketplace",
    "sellers",
    ("seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"),
)

CUSTOMERS = SourceFile(
    CUSTOMERS_FILE,
    "customer",
    "customers",
    (
        "customer_id",
        "customer_unique_id",
        "customer_zip_code_prefix",
        "customer_city",
        "customer_state",
    ),
)
CUSTOMER_ORDERS = SourceFile(
    ORDERS_FILE,
    "customer",
    "orders",
    ("order_id", "customer_id", "order_status", "order_purchase_timestamp"),
)
CUSTOMER_PAYMENTS = SourceFile(
    PAYMENTS_FILE, "customer", "payments", ("order_id", "payment_sequential", "payment_value")
)
REVIEWS = SourceFile(
    REVIEWS_FILE,
    "customer",
    "reviews",
    (
        "review_id",
        "order_id",
        "review_score",
        "review_comment_title",
        "review_comment_message",
        "review_creation_date",
        "review_answer_timestamp",
    ),
)

GEOLOCATION = SourceFile(
    GEOLOCATION_FILE,
    "fulfillment",
    "geolocation",
    (
        "geolocation_zip_code_prefix",
        "geolocation_lat",
        "geolocation_lng",
        "geolocation_city",
        "geolocation_state",
    ),
)
DELIVERY_ORDERS = SourceFile(
    ORDERS_FILE,
    "fulfillment",
    "orders",
    (
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    ),
)
SHIPMENT_ITEMS = SourceFile(
    ITEMS_FILE,
    "fulfillment",
    "shipment_items",
    ("order_id", "order_item_id", "seller_id", "shipping_limit_date"),
)
CUSTOMER_LOCATIONS = SourceFile(
    CUSTOMERS_FILE, "fulfillment", "customer_locations", ("customer_id", "customer_zip_code_prefix")
)
SELLER_LOCATIONS = SourceFile(
    SELLERS_FILE, "fulfillment", "seller_locations", ("seller_id", "seller_zip_code_prefix")
)

ORDERS = SourceFile(
    ORDERS_FILE,
    "sales",
    "orders",
    (
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    ),
)
ORDER_ITEMS = SourceFile(
    ITEMS_FILE,
    "sales",
    "order_items",
    (
        "order_id",
        "order_item_id",
        "product_id",
        "seller_id",
        "shipping_limit_date",
        "price",
        "freight_value",
    ),
    money_columns=("price", "freight_value"),
)
PAYMENTS = SourceFile(
    PAYMENTS_FILE,
    "sales",
    "payments",
    ("order_id", "payment_sequential", "payment_type", "payment_installments", "payment_value"),
    money_columns=("payment_value",),
)

SALES_PLAN = (ORDERS, ORDER_ITEMS, PAYMENTS)
# Reference data first, so that facts rarely arrive before their dimensions (they may:
# the star schema handles late dimensions). Within a context, an aggregate's root first.
LOAD_PLAN: tuple[SourceFile, ...] = (
    CATEGORY_TRANSLATIONS,
    PRODUCTS,
    SELLERS,
    CUSTOMERS,
    CUSTOMER_ORDERS,
    CUSTOMER_PAYMENTS,
    REVIEWS,
    GEOLOCATION,
    DELIVERY_ORDERS,
    SHIPMENT_ITEMS,
    CUSTOMER_LOCATIONS,
    SELLER_LOCATIONS,
    *SALES_PLAN,
)
