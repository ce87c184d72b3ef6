"""The answers to README.md's "Questions analysts can answer", computed independently
from the source CSV files with the csv module only (no project code): the other side of
every check that runs those queries against the warehouse."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tests.e2e.conftest import read_rows

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_queries() -> dict[str, str]:
    blocks = re.findall(r"```sql\n(-- (Q\d+):.*?)```", README.read_text(), re.S)
    return {number: sql for sql, number in blocks}


class Source:
    """The extract, read with the csv module only: the independent side of each check."""

    def __init__(self, directory: Path) -> None:
        self.orders = read_rows(directory, "olist_orders_dataset.csv")
        self.items = read_rows(directory, "olist_order_items_dataset.csv")
        self.payments = read_rows(directory, "olist_order_payments_dataset.csv")
        self.reviews = read_rows(directory, "olist_order_reviews_dataset.csv")
        self.products = {
            p["product_id"]: p for p in read_rows(directory, "olist_products_dataset.csv")
        }
        self.translation = {
            t["product_category_name"]: t["product_category_name_english"]
            for t in read_rows(directory, "product_category_name_translation.csv")
        }
        self.customers = {
            c["customer_id"]: c for c in read_rows(directory, "olist_customers_dataset.csv")
        }
        self.order = {o["order_id"]: o for o in self.orders}
        self.seller_state = {
            s["seller_id"]: s["seller_state"]
            for s in read_rows(directory, "olist_sellers_dataset.csv")
        }
        self.products_of = defaultdict(set)
        for item in self.items:
            self.products_of[item["order_id"]].add(item["product_id"])

    def person(self, order: dict) -> str:
        return self.customers[order["customer_id"]]["customer_unique_id"]

    def category(self, product_id: str) -> str:
        name = self.products[product_id]["product_category_name"]
        return "uncategorized" if not name else self.translation.get(name, name)

    def days_late(self, order: dict) -> int | None:
        if not order["order_delivered_customer_date"]:
            return None
        delivered = _day(order["order_delivered_customer_date"])
        estimated = _day(order["order_estimated_delivery_date"])
        return max(0, (delivered - estimated).days)

    def orders_by_person(self) -> dict[str, list[dict]]:
        people = defaultdict(list)
        for order in sorted(
            self.orders, key=lambda o: (o["order_purchase_timestamp"], o["order_id"])
        ):
            people[self.person(order)].append(order)
        return people


def _day(text: str) -> date:
    return datetime.fromisoformat(text).date()


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def expected_q1(src: Source):
    orders, revenue = Counter(), defaultdict(lambda: Decimal("0"))
    for order in src.orders:
        orders[_day(order["order_purchase_timestamp"]).replace(day=1)] += 1
    for item in src.items:
        month = _day(src.order[item["order_id"]]["order_purchase_timestamp"]).replace(day=1)
        revenue[month] += Decimal(item["price"])
    return [(month, orders[month], revenue[month]) for month in sorted(orders)]


def expected_q2(src: Source):
    items, revenue = Counter(), defaultdict(lambda: Decimal("0"))
    for item in src.items:
        category = src.category(item["product_id"])
        items[category] += 1
        revenue[category] += Decimal(item["price"])
    ranked = sorted(revenue, key=lambda c: (-revenue[c], c))[:5]
    return [(c, items[c], revenue[c]) for c in ranked]


def expected_q3(src: Source):
    current_state = {
        person: src.customers[orders[-1]["customer_id"]]["customer_state"]
        for person, orders in src.orders_by_person().items()
    }
    delivered, on_time = Counter(), Counter()
    for order in src.orders:
        late = src.days_late(order)
        if late is None:
            continue
        state = current_state[src.person(order)]
        delivered[state] += 1
        on_time[state] += late == 0
    return [
        (s, delivered[s], _round(Decimal(on_time[s]) / delivered[s], 4)) for s in sorted(delivered)
    ]


def _bucket(days_late: int) -> str:
    for limit, name in (
        (0, "on time"),
        (3, "1-3 days late"),
        (7, "4-7 days late"),
        (14, "8-14 days late"),
    ):
        if days_late <= limit:
            return name
    return "over 14 days late"


def expected_q4(src: Source):
    scores, lowest = defaultdict(list), {}
    for review in src.reviews:
        late = src.days_late(src.order[review["order_id"]])
        if late is None:
            continue
        bucket = _bucket(late)
        scores[bucket].append(int(review["review_score"]))
        lowest[bucket] = min(lowest.get(bucket, late), late)
    return [
        (b, len(scores[b]), _round(Decimal(sum(scores[b])) / len(scores[b]), 2))
        for b in sorted(scores, key=lambda b: lowest[b])
    ]


def expected_q5(src: Source):
    count, paid = Counter(), defaultdict(lambda: Decimal("0"))
    for payment in src.payments:
        count[payment["payment_type"]] += 1
        paid[payment["payment_type"]] += Decimal(payment["payment_value"])
    return [(t, count[t], paid[t]) for t in sorted(count)]


def expected_q6(src: Source):
    return [(sum(1 for orders in src.orders_by_person().values() if len(orders) > 1),)]


def expected_q7(src: Source):
    moved = 0
    for orders in src.orders_by_person().values():
        zips = [src.customers[o["customer_id"]]["customer_zip_code_prefix"] for o in orders]
        moved += any(a != b for a, b in zip(zips, zips[1:]))
    return [(moved,)]


def expected_q8(src: Source):
    revenue, orders, late = defaultdict(lambda: Decimal("0")), defaultdict(set), defaultdict(dict)
    for item in src.items:
        seller, order = item["seller_id"], src.order[item["order_id"]]
        revenue[seller] += Decimal(item["price"])
        orders[seller].add(order["order_id"])
        days = src.days_late(order)
        if days is not None:
            late[seller][order["order_id"]] = days > 0
    ranked = sorted(revenue, key=lambda s: (-revenue[s], s))[:10]
    return [
        (
            s,
            src.seller_state[s],
            len(orders[s]),
            revenue[s],
            _round(Decimal(sum(late[s].values())) / len(late[s]), 4) if late[s] else None,
        )
        for s in ranked
    ]


def expected_q9(src: Source):
    scores = defaultdict(list)
    for review in src.reviews:
        for product in src.products_of[review["order_id"]]:
            scores[src.category(product)].append(int(review["review_score"]))
    ranked = sorted(scores, key=lambda c: (-len(scores[c]), c))[:5]
    return [
        (c, len(scores[c]), _round(Decimal(sum(scores[c])) / len(scores[c]), 2)) for c in ranked
    ]


def expected_q10(src: Source):
    """docs/segments.md, computed from the files: per person, the segment as of their last
    purchase moment over the orders that count (not canceled or unavailable)."""
    value = defaultdict(lambda: Decimal("0"))
    for payment in src.payments:
        value[payment["order_id"]] += Decimal(payment["payment_value"])
    segments = Counter()
    for orders in src.orders_by_person().values():
        counted = [o for o in orders if o["order_status"] not in ("canceled", "unavailable")]
        as_of = datetime.fromisoformat(orders[-1]["order_purchase_timestamp"])
        segments[_segment(counted, as_of, value)] += 1
    return sorted(segments.items())


def _segment(counted: list[dict], as_of: datetime, value: dict) -> str:
    if not counted:
        return "none"
    last = max(datetime.fromisoformat(o["order_purchase_timestamp"]) for o in counted)
    recency, frequency = (as_of - last).days, len(counted)
    monetary = sum((value[o["order_id"]] for o in counted), Decimal("0"))
    valuable = frequency >= 2 or monetary >= 300
    if recency > 365 or (recency > 180 and not valuable):
        return "hibernating"
    if recency > 180:
        return "at_risk"
    if frequency >= 3 and monetary >= 500:
        return "champion"
    if frequency >= 2:
        return "loyal"
    return "promising" if monetary >= 300 else "new"


EXPECTED = {f"Q{n}": globals()[f"expected_q{n}"] for n in range(1, 11)}


def answer_of(connection, question: str) -> list[tuple]:
    """The warehouse's answer: the README query, run as given."""
    return [tuple(row) for row in connection.execute(readme_queries()[question]).fetchall()]
