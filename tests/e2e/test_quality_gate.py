"""Quality's gate on whole loads: a clean generated data set passes and the marts follow it;
a copy with 50 repeated order-item rows (each with another price) is loaded, the repeats are
found with their exact count, the gate fails, and the marts keep the last good load while
the star schema shows the new rows."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from olist_dw.loading import load
from olist_dw.quality import report_path
from services.chassis.database import make_engine
from services.reporting.adapters.marts import refresh_marts
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e

ITEMS = "olist_order_items_dataset.csv"
REPEATS = 50
REVENUE = "SELECT sum(revenue) FROM {}"


@pytest.fixture(scope="module")
def stack(start_stack):
    return start_stack()


def revenue(stack, relation: str) -> Decimal:
    with psycopg.connect(stack.database_url()) as connection:
        row = connection.execute(REVENUE.format(relation)).fetchone()
    assert row is not None
    return row[0]


def with_repeated_items(source: Path, into: Path) -> Path:
    shutil.copytree(source, into)
    rows = read_rows(source, ITEMS)
    repeats = [{**row, "price": f"{Decimal(row['price']) + 1:.2f}"} for row in rows[:REPEATS]]
    with (into / ITEMS).open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, *repeats])
    return into


def test_a_clean_generated_load_passes_and_the_marts_follow_it(stack, synthetic_source):
    summary = load(stack, synthetic_source)
    assert summary.gate is not None and summary.gate.passed, summary.gate
    report = json.loads(report_path(stack.home, summary.load_id).read_text())
    assert report["gate"] == summary.gate.outcome and report["reasons"] == []
    assert [r for r in report["results"] if r["outcome"] == "failed"] == []
    assert revenue(stack, "mart.monthly_sales") == revenue(stack, "reporting.monthly_sales")


def test_a_load_with_repeated_rows_fails_the_gate_and_the_marts_keep_the_last_good_load(
    stack, synthetic_source, tmp_path
):
    good = revenue(stack, "mart.monthly_sales")
    corrupted = with_repeated_items(synthetic_source, tmp_path / "repeated")
    summary = load(stack, corrupted)
    assert summary.gate is not None and summary.gate.outcome == "failed"
    report = json.loads(report_path(stack.home, summary.load_id).read_text())
    (repeated,) = [r for r in report["results"] if r["rule"] == "source.order_items.unique_key"]
    assert (repeated["outcome"], repeated["failing"]) == ("failed", REPEATS)
    assert any("source.order_items.unique_key failed: 50" in r for r in report["reasons"])
    assert revenue(stack, "mart.monthly_sales") == good  # analysts: the last good load
    assert revenue(stack, "reporting.monthly_sales") != good  # the star schema: this one
    refresh_marts(make_engine(stack.database_url()), release=False)  # as the timer does
    assert revenue(stack, "mart.monthly_sales") == good  # held


def test_the_next_load_that_passes_releases_the_marts(stack, synthetic_source):
    summary = load(stack, synthetic_source)  # the clean files again: the repeats corrected
    assert summary.gate is not None and summary.gate.passed
    assert revenue(stack, "mart.monthly_sales") == revenue(stack, "reporting.monthly_sales")
