"""The default ruleset, reviewable in one place: every Olist file (through the load's source
profile) and every `dw` table. A change of a rule is a new version; docs/quality.md lists
what each rule finds in the real data.

A CRITICAL rule over its tolerance fails the gate. A WARNING rule counts a quirk the real
data is known to have: it is reported with samples, and lowers no score."""

from __future__ import annotations

from decimal import Decimal

from services.quality.domain.rules import (
    Dimension,
    Fresh,
    NotNull,
    QualityRule,
    Reconciles,
    References,
    Ruleset,
    Satisfies,
    Severity,
    SourceProfile,
    Unique,
)
from shared_kernel.source_files import CRITICAL_FIELDS, SOURCE_KEYS

VERSION = "1"
WARNING = Severity.WARNING
COMPLETENESS = Dimension.COMPLETENESS
VALIDITY = Dimension.VALIDITY
UNIQUENESS = Dimension.UNIQUENESS
REFERENTIAL = Dimension.REFERENTIAL
ACCURACY = Dimension.ACCURACY
CONSISTENCY = Dimension.CONSISTENCY
TIMELINESS = Dimension.TIMELINESS

UNCATEGORIZED = "sem_categoria"  # services/marketplace/domain/catalog.py
PLACED = "order_status IS NOT NULL"  # an order the orders file described
STATUSES = (
    "order_status IN ('created', 'approved', 'invoiced', 'processing', 'shipped',"
    " 'delivered', 'canceled', 'unavailable')"
)
IN_BRAZIL = "latitude BETWEEN -33.8 AND 5.3 AND longitude BETWEEN -74.0 AND -34.7"
CRITICAL_SHARE_MISSING = Decimal("0.02")  # the brief: completeness > 98 % on critical fields
QUARANTINE_SHARE = Decimal("0.005")  # the brief: accuracy > 99.5 %

# Which contexts take each file (the loader's plan; a test keeps the two equal).
CONTEXTS_OF: dict[str, tuple[str, ...]] = {
    "olist_orders_dataset.csv": ("sales", "customer", "fulfillment"),
    "olist_order_items_dataset.csv": ("sales", "fulfillment"),
    "olist_order_payments_dataset.csv": ("sales", "customer"),
    "olist_order_reviews_dataset.csv": ("customer",),
    "olist_customers_dataset.csv": ("customer", "fulfillment"),
    "olist_products_dataset.csv": ("marketplace",),
    "olist_sellers_dataset.csv": ("marketplace", "fulfillment"),
    "olist_geolocation_dataset.csv": ("fulfillment",),
    "product_category_name_translation.csv": ("marketplace",),
}


def _short(file: str) -> str:
    return file.removeprefix("olist_").removesuffix("_dataset.csv").removesuffix(".csv")


def _source_rules() -> list[QualityRule]:
    rules = []
    for file, critical in CRITICAL_FIELDS.items():
        name, key = _short(file), SOURCE_KEYS[file]
        if key:
            rules.append(
                QualityRule(
                    f"source.{name}.unique_key",
                    UNIQUENESS,
                    SourceProfile(file, "repeated_key"),
                    f"no two rows of {file} share {', '.join(key)} (counted before any merge)",
                )
            )
        rules += [
            QualityRule(
                f"source.{name}.{column}.present",
                COMPLETENESS,
                SourceProfile(file, f"missing:{column}"),
                f"{file} has {column} in every row",
                tolerance=CRITICAL_SHARE_MISSING,
            )
            for column in critical
        ]
        for context in CONTEXTS_OF[file]:
            rules += [
                QualityRule(
                    f"source.{name}.{context}.reconciled",
                    ACCURACY,
                    Reconciles(file, context),
                    f"every row of {file} that {context} was sent is accepted or quarantined",
                ),
                QualityRule(
                    f"source.{name}.{context}.accepted",
                    VALIDITY,
                    SourceProfile(file, f"quarantined:{context}"),
                    f"{context} accepts the rows of {file} (at most 0.5 % quarantined)",
                    tolerance=QUARANTINE_SHARE,
                ),
            ]
    return rules


WAREHOUSE_RULES: tuple[QualityRule, ...] = (
    # completeness
    QualityRule(
        "dw.fact_order.purchased_at.present",
        COMPLETENESS,
        NotNull("dw.fact_order", "purchased_at", where=PLACED, key=("order_id",)),
        "an order the warehouse knows has its purchase time (a load of an event-time window"
        " brings the later events of orders purchased before it)",
        severity=WARNING,
    ),
    QualityRule(
        "dw.fact_order.delivered_at.present",
        COMPLETENESS,
        NotNull("dw.fact_order", "delivered_customer_at", where="order_status = 'delivered'"),
        "a delivered order has its delivery date",
        severity=WARNING,
    ),
    QualityRule(
        "dw.dim_product.category.present",
        COMPLETENESS,
        Satisfies(
            "dw.dim_product",
            f"category_name <> '{UNCATEGORIZED}'",
            "NOT is_inferred",
            ("product_id",),
        ),
        "a product has a category (Marketplace files one without under sem_categoria)",
        severity=WARNING,
    ),
    QualityRule(
        "dw.dim_customer.zip.present",
        COMPLETENESS,
        NotNull(
            "dw.dim_customer",
            "zip_code_prefix",
            where="NOT is_inferred AND customer_key <> 0",
            key=("customer_unique_id",),
        ),
        "a customer has a zip code prefix",
    ),
    # validity
    QualityRule(
        "dw.fact_order.status.known",
        VALIDITY,
        Satisfies("dw.fact_order", STATUSES, where=PLACED, key=("order_id",)),
        "an order's status is one of Olist's eight",
    ),
    QualityRule(
        "dw.fact_order_item.price.positive",
        VALIDITY,
        Satisfies(
            "dw.fact_order_item",
            "price > 0 AND freight_value >= 0",
            key=("order_id", "order_item_id"),
        ),
        "an item has a price above zero and a freight of zero or more",
    ),
    QualityRule(
        "dw.fact_payment.value.positive",
        VALIDITY,
        Satisfies("dw.fact_payment", "payment_value > 0", key=("order_id", "payment_sequential")),
        "a payment brings money (Olist records vouchers of 0.00)",
        severity=WARNING,
    ),
    QualityRule(
        "dw.fact_payment.installments.positive",
        VALIDITY,
        Satisfies(
            "dw.fact_payment", "payment_installments >= 1", key=("order_id", "payment_sequential")
        ),
        "a payment is paid in one installment or more",
        severity=WARNING,
    ),
    QualityRule(
        "dw.fact_review.answered_after_submission",
        VALIDITY,
        Satisfies("dw.fact_review", "answered_at >= created_at", key=("review_id", "order_id")),
        "a review is answered after it counts as submitted (created_at: its creation date, or"
        " its order's purchase when Olist dates the review earlier; one answered before its"
        " creation date Customer quarantines)",
        severity=WARNING,
    ),
    QualityRule(
        "fulfillment.geolocation.in_brazil",
        VALIDITY,
        Satisfies(
            "fulfillment.geolocation_point", IN_BRAZIL, key=("zip_code_prefix", "source_row")
        ),
        "a geolocation point lies in Brazil's bounding box",
        severity=WARNING,
    ),
    # uniqueness
    QualityRule(
        "dw.fact_review.review_id.unique",
        UNIQUENESS,
        Unique("dw.fact_review", ("review_id",)),
        "a review id names one review (Olist repeats some across orders)",
        severity=WARNING,
    ),
    # referential consistency
    *(
        QualityRule(
            f"dw.{table}.order.placed",
            REFERENTIAL,
            References(f"dw.{table}", "order_id", "dw.fact_order", "order_id", where=PLACED),
            f"{what} belongs to an order the orders file described",
        )
        for table, what in (
            ("fact_order_item", "an item"),
            ("fact_payment", "a payment"),
            ("fact_review", "a review"),
            ("fact_shipment", "a shipment"),
            ("customer_order_link", "a customer record"),
        )
    ),
    QualityRule(
        "dw.customer_address_history.customer.known",
        REFERENTIAL,
        References(
            "dw.customer_address_history",
            "customer_unique_id",
            "dw.dim_customer",
            "customer_unique_id",
        ),
        "an address belongs to a customer of the warehouse",
    ),
    QualityRule(
        "dw.dim_product.described",
        REFERENTIAL,
        Satisfies("dw.dim_product", "NOT is_inferred", key=("product_id",)),
        "every product an item names is in the products file",
    ),
    QualityRule(
        "dw.dim_seller.described",
        REFERENTIAL,
        Satisfies("dw.dim_seller", "NOT is_inferred", key=("seller_id",)),
        "every seller an item names is in the sellers file",
    ),
    QualityRule(
        "dw.fact_order.customer.known",
        REFERENTIAL,
        Satisfies(
            "dw.fact_order",
            "customer_key <> 0",
            where="purchased_at IS NOT NULL",
            key=("order_id",),
        ),
        "every order placed is attributed to a customer of the customers file",
    ),
    QualityRule(
        "dw.dim_geography.located",
        REFERENTIAL,
        Satisfies("dw.dim_geography", "NOT is_inferred", key=("zip_code_prefix",)),
        "every zip prefix a customer or seller names has geolocation points",
        severity=WARNING,
    ),
    # timeliness
    QualityRule(
        "dw.fact_order.fresh",
        TIMELINESS,
        Fresh(
            "olist_orders_dataset.csv", "order_purchase_timestamp", "dw.fact_order", "purchased_at"
        ),
        "the warehouse's newest order is as new as the newest the load read: nothing it"
        " brought is still on the way (a window ending before that is not measured)",
    ),
    # consistency across contexts
    QualityRule(
        "dw.fact_order.lifecycle_in_order",
        CONSISTENCY,
        Satisfies(
            "dw.fact_order",
            "approved_at >= purchased_at AND delivered_carrier_at >= approved_at"
            " AND delivered_customer_at >= delivered_carrier_at",
            key=("order_id",),
        ),
        "an order is approved after its purchase, handed to the carrier after its approval"
        " and delivered after that",
        severity=WARNING,
    ),
    QualityRule(
        "dw.fact_order.paid_in_full",
        CONSISTENCY,
        Satisfies(
            "dw.fact_order",
            "payment_total = order_total",
            where="payment_total IS NOT NULL AND item_count > 0",
            key=("order_id",),
        ),
        "an order's payments add up to its items and freight",
        severity=WARNING,
    ),
)

DEFAULT_RULESET = Ruleset(VERSION, (*_source_rules(), *WAREHOUSE_RULES))
