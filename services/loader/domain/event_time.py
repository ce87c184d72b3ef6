"""Which business moments a row of an Olist extract is about: how an extract is cut into
event-time windows (docs/adr/0007-event-time-replay.md).

An order's row, items, payments and customer record belong to every day on which the
order did something (purchase, approval, hand-off, delivery); a review to the day it was
written, or to its order's purchase when Olist dates it earlier (the Customer context's
rule for when a review counts as submitted). Catalog, seller and geography files have no business time: they belong to the
reference time, before the first order.
"""

from __future__ import annotations

from datetime import date, datetime

from shared_kernel import REFERENCE_TIME

ORDER_MOMENTS = (
    "order_purchase_timestamp",
    "order_approved_at",
    "order_delivered_carrier_date",
    "order_delivered_customer_date",
)
REFERENCE_FILES = frozenset(
    {
        "product_category_name_translation.csv",
        "olist_products_dataset.csv",
        "olist_sellers_dataset.csv",
        "olist_geolocation_dataset.csv",
    }
)
REFERENCE_DAY = REFERENCE_TIME.date()


def days_of_order(values: dict[str, str | None]) -> set[date]:
    days = set()
    for column in ORDER_MOMENTS:
        try:
            days.add(datetime.fromisoformat(values.get(column) or "").date())
        except ValueError:
            continue
    return days


def day_of(text: str | None) -> date | None:
    try:
        return datetime.fromisoformat(text or "").date()
    except ValueError:
        return None


def day_of_review(created: date | None, order_purchased: date | None) -> date | None:
    if created is None or order_purchased is None:
        return created
    return max(created, order_purchased)
