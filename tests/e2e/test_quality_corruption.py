"""Quality's acceptance on a corrupted copy of the generated extract: one kind of fault per
file, each injected a known number of times. Each fault is found by the rule meant for it
with its exact count, the referential score drops below its SLA, the gate fails, and
nothing is lost: for every file and context, rows read = accepted + quarantined."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from olist_dw.loading import load
from olist_dw.quality import report_of
from services.quality.adapters import quarantine
from services.quality.adapters.postgres_tables import read_only
from tests.e2e.conftest import read_rows
from tests.e2e.quality_reports import result_of

pytestmark = pytest.mark.e2e

ORDERS, ITEMS, PAYMENTS, REVIEWS, CUSTOMERS, PRODUCTS, SELLERS = (
    "olist_orders_dataset.csv",
    "olist_order_items_dataset.csv",
    "olist_order_payments_dataset.csv",
    "olist_order_reviews_dataset.csv",
    "olist_customers_dataset.csv",
    "olist_products_dataset.csv",
    "olist_sellers_dataset.csv",
)
# fault: (file, how many); each row changed is another row of the file
FAULTS = {
    "invalid code": (ORDERS, 6),  # an order status Olist does not have
    "duplicate key": (ITEMS, 9),  # an item repeated, at another price
    "negative amount": (ITEMS, 3),  # an item of price -5.00
    "non-numeric amount": (PAYMENTS, 4),
    "impossible date": (REVIEWS, 5),  # 30 February
    "null in a critical field": (CUSTOMERS, 7),  # no zip code prefix
    "orphan foreign key": (PRODUCTS, 3),  # products items name, missing from the file
    "malformed line": (SELLERS, 2),  # one field too many
}


def count(fault: str) -> int:
    return FAULTS[fault][1]


def write(directory: Path, file: str, rows: list[dict[str, str]]) -> None:
    with (directory / file).open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def corrupted_copy(source: Path, directory: Path) -> Path:
    shutil.copytree(source, directory)
    orders = read_rows(source, ORDERS)
    invalid = orders[10 : 10 + count("invalid code")]
    for row in invalid:
        row["order_status"] = "teleported"
    write(directory, ORDERS, orders)
    quarantined_orders = {row["order_id"] for row in invalid}

    items = read_rows(source, ITEMS)
    repeats = [{**row, "price": "1.00"} for row in items[: count("duplicate key")]]
    for row in items[100 : 100 + count("negative amount")]:
        row["price"] = "-5.00"
    named = {  # by items that are accepted (their order too)
        row["product_id"]
        for row in items[100 + count("negative amount") :]
        if row["order_id"] not in quarantined_orders
    }
    write(directory, ITEMS, [*items, *repeats])

    payments = read_rows(source, PAYMENTS)
    for row in payments[20 : 20 + count("non-numeric amount")]:
        row["payment_value"] = "n/a"
    write(directory, PAYMENTS, payments)

    reviews = read_rows(source, REVIEWS)
    for row in reviews[30 : 30 + count("impossible date")]:
        row["review_creation_date"] = "2018-02-30 00:00:00"
    write(directory, REVIEWS, reviews)

    customers = read_rows(source, CUSTOMERS)
    for row in customers[40 : 40 + count("null in a critical field")]:
        row["customer_zip_code_prefix"] = ""
    write(directory, CUSTOMERS, customers)

    products = read_rows(source, PRODUCTS)
    dropped = [p["product_id"] for p in products if p["product_id"] in named]
    dropped = dropped[: count("orphan foreign key")]
    write(directory, PRODUCTS, [p for p in products if p["product_id"] not in dropped])

    sellers = (directory / SELLERS).read_text().splitlines(keepends=True)
    for position in range(1, 1 + count("malformed line")):
        sellers[position] = sellers[position].rstrip("\r\n") + ",extra\n"
    (directory / SELLERS).write_text("".join(sellers))
    return directory


@pytest.fixture(scope="module")
def stack(start_stack):
    return start_stack()


@pytest.fixture(scope="module")
def loaded(stack, synthetic_source, tmp_path_factory):
    corrupted = corrupted_copy(synthetic_source, tmp_path_factory.mktemp("faults") / "copy")
    summary = load(stack, corrupted)
    return summary, report_of(stack, summary.load_id)


def quarantined(summary, file: str) -> dict[str, int]:
    return {o.source.context: o.rejected for o in summary.files if o.source.name == file}


def test_each_fault_is_found_by_its_rule_with_the_exact_count(loaded):
    summary, report = loaded
    found = {
        "invalid code": result_of(report, "source.orders.sales.accepted")["failing"],
        "duplicate key": result_of(report, "source.order_items.unique_key")["failing"],
        "negative amount": result_of(report, "source.order_items.sales.accepted")["failing"],
        "non-numeric amount": result_of(report, "source.order_payments.sales.accepted")["failing"],
        "impossible date": result_of(report, "source.order_reviews.customer.accepted")["failing"],
        "null in a critical field": result_of(
            report, "source.customers.customer_zip_code_prefix.present"
        )["failing"],
        "orphan foreign key": result_of(report, "dw.dim_product.described")["failing"],
        "malformed line": result_of(report, "source.sellers.marketplace.accepted")["failing"],
    }
    assert found == {fault: n for fault, (_, n) in FAULTS.items()}
    # a malformed line is damaged for every context that reads the file
    assert quarantined(summary, SELLERS) == {"marketplace": 2, "fulfillment": 2}


def test_the_gate_fails_below_the_referential_sla_and_names_the_failed_rules(loaded):
    summary, report = loaded
    assert summary.gate is not None and summary.gate.outcome == "failed"
    assert report["gate"] == "failed"
    assert float(report["scores"]["referential"]) < 100
    assert any("referential" in reason and "SLA" in reason for reason in report["reasons"])
    failed = {r["rule"] for r in report["results"] if r["outcome"] == "failed"}
    assert {"source.order_items.unique_key", "dw.dim_product.described"} <= failed


def test_nothing_is_lost_every_row_read_is_accepted_or_quarantined(loaded, synthetic_source):
    summary, report = loaded
    for outcome in summary.files:
        file, context = outcome.source.name, outcome.source.context
        expected = len(read_rows(synthetic_source, file)) + (file == ITEMS) * count("duplicate key")
        expected -= (file == PRODUCTS) * count("orphan foreign key")
        assert outcome.totals.rows == expected, (file, context)
        assert outcome.accepted + outcome.rejected == outcome.totals.rows, (file, context)
    reconciled = [r for r in report["results"] if r["rule"].endswith(".reconciled")]
    assert reconciled and {r["outcome"] for r in reconciled} == {"passed"}


def test_the_quarantine_view_holds_every_rejected_row_with_its_rule(stack, loaded):
    summary, _ = loaded
    with read_only(stack.database_url()) as connection:
        rows = quarantine.quarantined(connection, load_id=summary.load_id, limit=None)
        counts = quarantine.summary(connection, load_id=summary.load_id)
    orphans = sum(done.orphans for done in summary.completions.values())  # found at completion
    assert len(rows) == sum(o.rejected for o in summary.files) + orphans
    malformed = {(c.context, c.rows) for c in counts if c.source_file == SELLERS}
    assert malformed == {("marketplace", 2), ("fulfillment", 2)}
    assert {c.rule for c in counts if c.source_file == SELLERS} == {"malformed line"}
