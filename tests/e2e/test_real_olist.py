"""The real Olist data set (../shared/olist, or OLIST_DATA_DIR): every order, item and
payment row reaches the warehouse or quarantine, and money reconciles to the cent."""
from __future__ import annotations

import psycopg
import pytest

from olist_dw.checksums import dw_checksums
from olist_dw.loading import load
from tests.conftest import REAL_DATA, real_data_available
from tests.e2e.conftest import money_sum, read_rows

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    not real_data_available(), reason="the real Olist files are not on this machine")]


def test_the_real_data_set_loads_completely_and_to_the_cent(start_stack):
    stack = start_stack()
    summary = load(stack, REAL_DATA)
    items = read_rows(REAL_DATA, "olist_order_items_dataset.csv")
    payments = read_rows(REAL_DATA, "olist_order_payments_dataset.csv")
    orders = read_rows(REAL_DATA, "olist_orders_dataset.csv")
    with psycopg.connect(stack.database_url()) as connection:
        (quarantined,), = connection.execute("SELECT count(*) FROM sales.quarantine").fetchall()
        (n_orders,), = connection.execute("SELECT count(*) FROM dw.fact_order").fetchall()
        n_items, price, freight = connection.execute(
            "SELECT count(*), sum(price), sum(freight_value) FROM dw.fact_order_item").fetchone()
        n_payments, paid = connection.execute(
            "SELECT count(*), sum(payment_value) FROM dw.fact_payment").fetchone()
    assert quarantined == summary.rejected == 0
    assert (n_orders, n_items, n_payments) == (len(orders), len(items), len(payments))
    assert price == money_sum(items, "price")
    assert freight == money_sum(items, "freight_value")
    assert paid == money_sum(payments, "payment_value")

    before = dw_checksums(stack.database_url())
    assert load(stack, REAL_DATA).events == 0
    assert dw_checksums(stack.database_url()) == before
