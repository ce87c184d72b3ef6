"""The real data's quirks, counted from the source files alone (csv and Decimal, nothing of
the project's), rule by rule of the default ruleset: (failing, checked)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from tests.e2e.conftest import read_rows


def _before(later: str, earlier: str) -> bool:
    """`later` is before `earlier`, both known (an unknown one compares as SQL does: no)."""
    return bool(later and earlier) and later < earlier  # "YYYY-MM-DD HH:MM:SS" sorts as time


def quirks_of(directory: Path) -> dict[str, tuple[int, int]]:
    orders = read_rows(directory, "olist_orders_dataset.csv")
    items = read_rows(directory, "olist_order_items_dataset.csv")
    payments = read_rows(directory, "olist_order_payments_dataset.csv")
    reviews = read_rows(directory, "olist_order_reviews_dataset.csv")
    products = read_rows(directory, "olist_products_dataset.csv")
    points = read_rows(directory, "olist_geolocation_dataset.csv")
    customers = read_rows(directory, "olist_customers_dataset.csv")
    sellers = read_rows(directory, "olist_sellers_dataset.csv")

    delivered = [o for o in orders if o["order_status"] == "delivered"]
    out_of_order = [
        o
        for o in orders
        if _before(o["order_approved_at"], o["order_purchase_timestamp"])
        or _before(o["order_delivered_carrier_date"], o["order_approved_at"])
        or _before(o["order_delivered_customer_date"], o["order_delivered_carrier_date"])
    ]
    charged: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        charged[item["order_id"]] += Decimal(item["price"]) + Decimal(item["freight_value"])
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        paid[payment["order_id"]] += Decimal(payment["payment_value"])
    both = set(charged) & set(paid)
    pairs = {(r["review_id"], r["order_id"]) for r in reviews}
    purchased = {o["order_id"]: o["order_purchase_timestamp"] for o in orders}
    answered_early = {  # before the review counts as submitted: Customer's documented rule
        (r["review_id"], r["order_id"])
        for r in reviews
        if _before(
            r["review_answer_timestamp"],
            max(r["review_creation_date"], purchased.get(r["order_id"], "")),
        )
    }
    located = {p["geolocation_zip_code_prefix"] for p in points}
    named = {c["customer_zip_code_prefix"] for c in customers} | {
        s["seller_zip_code_prefix"] for s in sellers
    }
    abroad = [
        p
        for p in points
        if not (
            -33.8 <= float(p["geolocation_lat"]) <= 5.3
            and -74.0 <= float(p["geolocation_lng"]) <= -34.7
        )
    ]
    return {
        "dw.fact_order.delivered_at.present": (
            sum(1 for o in delivered if not o["order_delivered_customer_date"]),
            len(delivered),
        ),
        "dw.dim_product.category.present": (
            sum(1 for p in products if not p["product_category_name"]),
            len(products),
        ),
        "dw.fact_payment.value.positive": (
            sum(1 for p in payments if Decimal(p["payment_value"]) <= 0),
            len(payments),
        ),
        "dw.fact_payment.installments.positive": (
            sum(1 for p in payments if int(p["payment_installments"]) < 1),
            len(payments),
        ),
        "dw.fact_review.answered_after_submission": (len(answered_early), len(pairs)),
        "dw.fact_review.review_id.unique": (len(pairs) - len({r for r, _ in pairs}), len(pairs)),
        "fulfillment.geolocation.in_brazil": (len(abroad), len(points)),
        "dw.dim_geography.located": (len(named - located), len(named | located)),
        "dw.fact_order.lifecycle_in_order": (len(out_of_order), len(orders)),
        "dw.fact_order.paid_in_full": (
            sum(1 for o in both if paid[o] != charged[o]),
            len(both),
        ),
    }
