"""The real Olist data set (../shared/olist, or OLIST_DATA_DIR): every row of every file
reaches the warehouse or a quarantine, money reconciles to the cent, keys resolve, and a
repeated load changes nothing."""
from __future__ import annotations

import psycopg
import pytest

from olist_dw.checksums import dw_checksums
from olist_dw.loading import load
from tests.conftest import REAL_DATA, real_data_available
from tests.e2e.conftest import money_sum, read_rows
from tests.e2e.test_star_schema import FACT_KEYS

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    not real_data_available(), reason="the real Olist files are not on this machine")]


@pytest.fixture(scope="module")
def warehouse(start_stack):
    stack = start_stack()
    summary = load(stack, REAL_DATA)
    return stack, summary


def query(stack, sql: str):
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchall()


def count(stack, sql: str) -> int:
    return query(stack, sql)[0][0]


def quarantined(stack, schema: str, kind: str) -> int:
    return count(stack, f"SELECT count(*) FROM {schema}.quarantine WHERE record_kind = '{kind}'")


def test_every_context_accounts_for_every_row_it_was_sent(warehouse):
    _, summary = warehouse
    for outcome in summary.files:
        assert outcome.accepted + outcome.rejected == outcome.totals.rows, outcome.source


def test_sales_facts_hold_every_row_and_reconcile_to_the_cent(warehouse):
    stack, summary = warehouse
    items = read_rows(REAL_DATA, "olist_order_items_dataset.csv")
    payments = read_rows(REAL_DATA, "olist_order_payments_dataset.csv")
    orders = read_rows(REAL_DATA, "olist_orders_dataset.csv")
    assert count(stack, "SELECT count(*) FROM sales.quarantine") == 0
    n_items, price, freight = query(
        stack, "SELECT count(*), sum(price), sum(freight_value) FROM dw.fact_order_item")[0]
    n_payments, paid = query(stack, "SELECT count(*), sum(payment_value) FROM dw.fact_payment")[0]
    assert count(stack, "SELECT count(*) FROM dw.fact_order") == len(orders)
    assert (n_items, n_payments) == (len(items), len(payments))
    assert price == money_sum(items, "price")
    assert freight == money_sum(items, "freight_value")
    assert paid == money_sum(payments, "payment_value")


def test_dimensions_hold_every_product_seller_person_and_zip_prefix(warehouse):
    stack, _ = warehouse
    products = read_rows(REAL_DATA, "olist_products_dataset.csv")
    sellers = read_rows(REAL_DATA, "olist_sellers_dataset.csv")
    customers = read_rows(REAL_DATA, "olist_customers_dataset.csv")
    geolocation_prefixes = {r["geolocation_zip_code_prefix"]
                            for r in read_rows(REAL_DATA, "olist_geolocation_dataset.csv")}
    listed = "SELECT count(*) FROM dw.{} WHERE NOT is_inferred"
    assert count(stack, listed.format("dim_product")) == len(products) - quarantined(
        stack, "marketplace", "product")
    assert count(stack, listed.format("dim_seller")) == len(sellers) - quarantined(
        stack, "marketplace", "seller")
    assert count(stack, "SELECT count(*) FROM dw.dim_customer WHERE customer_key <> 0") == len(
        {c["customer_unique_id"] for c in customers})
    assert count(stack, listed.format("dim_geography")) == len(geolocation_prefixes)


def test_every_review_is_a_fact_or_a_finding(warehouse):
    stack, _ = warehouse
    reviews = read_rows(REAL_DATA, "olist_order_reviews_dataset.csv")
    in_dw = count(stack, "SELECT count(*) FROM dw.fact_review")
    assert in_dw + quarantined(stack, "customer", "review") == len(
        {(r["review_id"], r["order_id"]) for r in reviews})


def test_every_fact_key_resolves(warehouse):
    stack, _ = warehouse
    for fact, keys in FACT_KEYS.items():
        rows = count(stack, f"SELECT count(*) FROM dw.{fact}")
        for key, dimension, dimension_key, _ in keys:
            resolved = count(stack, f"SELECT count(*) FROM dw.{fact} f JOIN dw.{dimension} d"
                                    f" ON d.{dimension_key} = f.{key}")
            assert resolved == rows, f"{fact}.{key}"
    assert count(stack, "SELECT count(*) FROM dw.fact_order WHERE customer_key = 0") == 0


def test_loading_again_changes_nothing(warehouse):
    stack, _ = warehouse
    before = dw_checksums(stack.database_url())
    assert load(stack, REAL_DATA).events == 0
    assert dw_checksums(stack.database_url()) == before
