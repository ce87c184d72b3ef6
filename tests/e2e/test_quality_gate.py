"""Quality's gate on whole loads: a clean generated data set passes and the marts follow it;
a copy with 50 repeated order-item rows (each with another price) is loaded, the repeats are
found with their exact count, the gate fails, and the marts keep the last good load while
the star schema shows the new rows. Each judgement is kept (the history, a rule's trend) and
published as quality.gate.passed or quality.gate.failed."""

from __future__ import annotations

import asyncio
import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import nats
import psycopg
import pytest

from olist_dw.loading import load
from olist_dw.quality import report_of, reports_of, trend_of
from olist_dw.runtime.processes import wait_until
from services.chassis.broker_permissions import ADMIN
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
    report = report_of(stack, summary.load_id)
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
    report = report_of(stack, summary.load_id)
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


def gate_decisions(stack) -> list[tuple[str, str]]:
    """(subject, load id) of every message on the stream QUALITY, in order."""

    async def read() -> list[tuple[str, str]]:
        client = await nats.connect(stack.nats.url_as(ADMIN))
        try:
            js = client.jetstream()
            info = await js.stream_info("QUALITY")
            messages = [
                await js.get_msg("QUALITY", seq)
                for seq in range(info.state.first_seq, info.state.last_seq + 1)
            ]
        finally:
            await client.close()
        return [(m.subject, json.loads(m.data)["payload"]["load_id"]) for m in messages]

    return asyncio.run(read())


def test_every_judgement_is_kept_with_its_trend_and_published_as_an_event(stack):
    judged = reports_of(stack)
    assert [r["gate"] == "failed" for r in judged] == [False, True, False]  # newest first
    loads = [r["load_id"] for r in reversed(judged)]
    trend = trend_of(stack, "source.order_items.unique_key")
    assert [(t["load_id"], t["failing"]) for t in trend] == list(zip(loads, [0, REPEATS, 0]))
    expected = list(
        zip(["quality.gate.passed.v1", "quality.gate.failed.v1", "quality.gate.passed.v1"], loads)
    )
    wait_until(lambda: gate_decisions(stack) == expected, 30, "the gate's three decisions")
