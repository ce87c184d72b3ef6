"""The whole system as processes: load an Olist-shaped extract, with bad rows in it, and
check that every row is in the warehouse or in quarantine, to the cent."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from olist_dw.loading import load
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums
from tests.e2e.conftest import money_sum, read_rows

pytestmark = pytest.mark.e2e

ITEMS, PAYMENTS, ORDERS = (
    "olist_order_items_dataset.csv",
    "olist_order_payments_dataset.csv",
    "olist_orders_dataset.csv",
)
UNKNOWN_ORDER = "f" * 32


@pytest.fixture(scope="module")
def defective_source(synthetic_source: Path, tmp_path_factory) -> Path:
    """The synthetic extract with bad rows appended, each breaking one rule."""
    directory = tmp_path_factory.mktemp("defective")
    for file in synthetic_source.iterdir():
        shutil.copy(file, directory / file.name)
    order = read_rows(synthetic_source, ORDERS)[0]
    item = read_rows(synthetic_source, ITEMS)[0]
    with open(directory / ORDERS, "a") as f:
        f.write(f"{'e' * 32},{order['customer_id']},teleported,2017-01-01 10:00:00,,,,\n")
        f.write(f"{'d' * 32},{order['customer_id']},delivered,yesterday,,,,\n")
    with open(directory / ITEMS, "a") as f:
        f.write(
            f"{item['order_id']},99,{item['product_id']},{item['seller_id']},"
            "2017-01-01 10:00:00,-5.00,1.00\n"
        )
        f.write(
            f"{UNKNOWN_ORDER},1,{item['product_id']},{item['seller_id']},"
            "2017-01-01 10:00:00,10.00,2.50\n"
        )
        f.write(
            f"{item['order_id']},98,{item['product_id']},{item['seller_id']},"
            "2017-01-01 10:00:00,1.00,1.00,surplus\n"
        )
    with open(directory / PAYMENTS, "a") as f:
        f.write(f"{order['order_id']},9,bitcoin,1,12.34\n")
        f.write(f"{order['order_id']},8,boleto,1,12.345\n")
        f.write(f"{UNKNOWN_ORDER},1,boleto,1,7.77\n")
    return directory


@pytest.fixture(scope="module")
def loaded(start_stack, defective_source):
    stack = start_stack()
    summary = load(stack, defective_source)
    return stack, summary


def query(stack, sql: str) -> list[tuple]:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchall()


def test_every_source_row_is_in_the_warehouse_or_in_quarantine(loaded, defective_source):
    stack, summary = loaded
    counts = dict(query(stack, "SELECT record_kind, count(*) FROM sales.quarantine GROUP BY 1"))
    warehouse = {
        ORDERS: query(stack, "SELECT count(*) FROM dw.fact_order")[0][0] + counts.get("order", 0),
        ITEMS: query(stack, "SELECT count(*) FROM dw.fact_order_item")[0][0]
        + counts.get("order_item", 0),
        PAYMENTS: query(stack, "SELECT count(*) FROM dw.fact_payment")[0][0]
        + counts.get("payment", 0),
    }
    for file, total in warehouse.items():
        assert total == len(read_rows(defective_source, file)), file
    assert counts == {"order": 2, "order_item": 3, "payment": 3}
    for outcome in summary.files:  # every context accounts for every row it was sent
        assert outcome.accepted + outcome.rejected == outcome.totals.rows
    sales = [o for o in summary.files if o.source.context == "sales"]
    assert sum(o.rejected for o in sales) + summary.completions["sales"].orphans == 8


def test_quarantine_says_which_column_broke_which_rule(loaded, defective_source):
    stack, _ = loaded
    reasons = {reason for (reason,) in query(stack, "SELECT reason FROM sales.quarantine")}
    assert any(r.startswith("order_status: Input should be") for r in reasons)
    assert any(r.startswith("order_purchase_timestamp:") for r in reasons)
    assert any(r.startswith("price: Input should be greater than or equal to 0") for r in reasons)
    assert any(r.startswith("payment_type:") for r in reasons)
    assert any("decimal places" in r for r in reasons)
    assert any("too many fields" in r for r in reasons)
    assert "order_id: no such order in the source" in reasons
    ((file, row),) = query(
        stack,
        "SELECT source_file, source_row FROM sales.quarantine WHERE reason LIKE 'order_status%'",
    )
    assert (file, row) == (ORDERS, len(read_rows(defective_source, ORDERS)) - 1)


def test_money_reconciles_to_the_cent(loaded, defective_source):
    stack, _ = loaded
    for file, column, table, kind in (
        (ITEMS, "price", "fact_order_item", "order_item"),
        (ITEMS, "freight_value", "fact_order_item", "order_item"),
        (PAYMENTS, "payment_value", "fact_payment", "payment"),
    ):
        source = money_sum(read_rows(defective_source, file), column)
        ((in_dw,),) = query(stack, f"SELECT coalesce(sum({column}), 0) FROM dw.{table}")
        ((quarantined,),) = query(
            stack,
            (
                f"SELECT coalesce(sum((record->>'{column}')::numeric), 0) FROM sales.quarantine"
                f" WHERE record_kind = '{kind}' AND record->>'{column}' ~ '^-?[0-9]+(\\.[0-9]+)?$'"
            ),
        )
        assert in_dw + quarantined == source, column


def test_order_totals_follow_items_and_payments(loaded):
    stack, _ = loaded
    mismatched = query(
        stack,
        """
        SELECT count(*) FROM dw.fact_order o
        LEFT JOIN (SELECT order_id, sum(price) p, sum(freight_value) f, count(*) n
                   FROM dw.fact_order_item GROUP BY 1) i USING (order_id)
        LEFT JOIN (SELECT order_id, sum(payment_value) v FROM dw.fact_payment GROUP BY 1) p
             USING (order_id)
        WHERE o.item_total IS DISTINCT FROM coalesce(i.p, 0)
           OR o.freight_total IS DISTINCT FROM coalesce(i.f, 0)
           OR o.payment_total IS DISTINCT FROM p.v""",
    )
    assert mismatched == [(0,)]


def test_loading_the_same_extract_again_changes_no_row(loaded, defective_source):
    stack, _ = loaded
    before = dw_checksums(stack.database_url())
    versions = query(stack, "SELECT sum(xmin::text::bigint) FROM dw.fact_order")
    again = load(stack, defective_source)
    assert again.events == 0
    assert dw_checksums(stack.database_url()) == before
    assert query(stack, "SELECT sum(xmin::text::bigint) FROM dw.fact_order") == versions


def test_loading_in_event_time_windows_out_of_order_equals_one_full_load(
    start_stack, synthetic_source
):
    """Late-arriving events: the later half of history is loaded before the earlier."""
    full, windowed = start_stack(), start_stack()
    load(full, synthetic_source)
    load(windowed, synthetic_source, window_from="2018-01-01")
    load(windowed, synthetic_source, window_to="2018-01-01")
    assert dw_checksums(windowed.database_url()) == dw_checksums(full.database_url())
