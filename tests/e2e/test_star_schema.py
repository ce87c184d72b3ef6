"""The conformed star schema: keys that resolve, one row per person, address history, and
a delivery that arrives after its order updating the accumulating snapshot."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import psycopg
import pytest

from olist_dw.loading import load
from tests.conftest import pseudonyms_of
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e
CUT = "2018-03-01"
FACT_KEYS = {  # fact table -> (key column, dimension, its key column, natural key in both)
    "fact_order": [
        ("customer_key", "dim_customer", "customer_key", None),
        ("purchase_date_key", "dim_date", "date_key", None),
    ],
    "fact_order_item": [
        ("product_key", "dim_product", "product_key", "product_id"),
        ("seller_key", "dim_seller", "seller_key", "seller_id"),
        ("customer_key", "dim_customer", "customer_key", None),
        ("purchase_date_key", "dim_date", "date_key", None),
    ],
    "fact_shipment": [
        ("seller_key", "dim_seller", "seller_key", "seller_id"),
        ("dispatch_date_key", "dim_date", "date_key", None),
    ],
    "fact_review": [
        ("customer_key", "dim_customer", "customer_key", None),
        ("created_date_key", "dim_date", "date_key", None),
    ],
    "fact_payment": [("payment_date_key", "dim_date", "date_key", None)],
}


@pytest.fixture(scope="module")
def loaded_in_two_windows(start_stack, synthetic_source):
    stack = start_stack()
    load(stack, synthetic_source, window_to=CUT)
    first = query(
        stack, "SELECT order_id, order_status, delivered_customer_at, is_late FROM dw.fact_order"
    )
    load(stack, synthetic_source, window_from=CUT)
    return stack, {row[0]: row[1:] for row in first}


def query(stack, sql: str) -> list[tuple]:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchall()


def test_a_delivery_after_its_order_completes_the_snapshot(loaded_in_two_windows, synthetic_source):
    stack, before = loaded_in_two_windows
    late_arrivals = [
        o
        for o in read_rows(synthetic_source, "olist_orders_dataset.csv")
        if o["order_purchase_timestamp"] < CUT <= o["order_delivered_customer_date"]
    ]
    assert late_arrivals, "the extract should have orders delivered after the cut"
    after = {
        row[0]: row[1:]
        for row in query(
            stack,
            "SELECT order_id, order_status, delivered_customer_at, delivery_days, days_late,"
            " is_late FROM dw.fact_order",
        )
    }
    for order in late_arrivals:
        status, delivered, *_ = before[order["order_id"]]
        assert delivered is None and status != "delivered"
        status, delivered, days, late, is_late = after[order["order_id"]]
        assert delivered == datetime.fromisoformat(order["order_delivered_customer_date"])
        purchased = datetime.fromisoformat(order["order_purchase_timestamp"]).date()
        estimated = datetime.fromisoformat(order["order_estimated_delivery_date"]).date()
        assert days == (delivered.date() - purchased).days
        assert late == max(0, (delivered.date() - estimated).days) and is_late == (late > 0)
        assert status == order["order_status"]


@pytest.mark.parametrize("fact", sorted(FACT_KEYS))
def test_every_key_of_every_fact_resolves_to_its_dimension_row(loaded_in_two_windows, fact):
    stack, _ = loaded_in_two_windows
    ((rows,),) = query(stack, f"SELECT count(*) FROM dw.{fact}")
    assert rows > 0
    for key, dimension, dimension_key, natural in FACT_KEYS[fact]:
        join = f"FROM dw.{fact} f JOIN dw.{dimension} d ON d.{dimension_key} = f.{key}"
        ((resolved,),) = query(stack, f"SELECT count(*) {join}")
        assert resolved == rows, f"{fact}.{key}: {rows - resolved} rows without a {dimension} row"
        if natural:
            ((wrong,),) = query(stack, f"SELECT count(*) {join} WHERE f.{natural} <> d.{natural}")
            assert wrong == 0


def test_orders_belong_to_the_person_of_their_customer_record(
    loaded_in_two_windows, synthetic_source
):
    stack, _ = loaded_in_two_windows
    hidden = pseudonyms_of(stack)  # analysts see people as pseudonyms only
    person = {
        hidden(c["customer_id"]): hidden(c["customer_unique_id"])
        for c in read_rows(synthetic_source, "olist_customers_dataset.csv")
    }
    rows = query(
        stack,
        "SELECT o.customer_id, c.customer_unique_id FROM dw.fact_order o"
        " JOIN dw.dim_customer c USING (customer_key)",
    )
    assert rows and all(person[customer_id] == unique_id for customer_id, unique_id in rows)


def test_one_customer_row_per_person_and_one_current_address(
    loaded_in_two_windows, synthetic_source
):
    stack, _ = loaded_in_two_windows
    customers = read_rows(synthetic_source, "olist_customers_dataset.csv")
    orders = read_rows(synthetic_source, "olist_orders_dataset.csv")
    zips = defaultdict(set)
    by_customer = {c["customer_id"]: c for c in customers}
    hidden = pseudonyms_of(stack)
    for order in orders:
        customer = by_customer[order["customer_id"]]
        zips[hidden(customer["customer_unique_id"])].add(customer["customer_zip_code_prefix"])
    ((people,),) = query(stack, "SELECT count(*) FROM dw.dim_customer WHERE customer_key <> 0")
    assert people == len(zips)
    history = query(
        stack,
        "SELECT customer_unique_id, count(*), count(*) FILTER (WHERE is_current),"
        " count(DISTINCT zip_code_prefix) FROM dw.customer_address_history"
        " GROUP BY 1",
    )
    movers = {p for p, z in zips.items() if len(z) > 1}
    assert movers, "the extract should have people who moved"
    for unique_id, periods, current, distinct_zips in history:
        assert current == 1
        assert distinct_zips == len(zips[unique_id])
        assert (periods > 1) == (unique_id in movers)
    current = dict(
        query(
            stack,
            "SELECT c.customer_unique_id, c.zip_code_prefix FROM dw.dim_customer c"
            " JOIN dw.customer_address_history h USING (customer_unique_id)"
            " WHERE h.is_current AND h.zip_code_prefix = c.zip_code_prefix",
        )
    )
    assert len(current) == len(zips)
