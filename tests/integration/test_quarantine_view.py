"""Every context's quarantine read as one, in a real PostgreSQL with the chassis' table in
each context's schema: the rows with their rule, the counts, the latest load, and the CSV
export of `olist-dw quality quarantine`."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb
from rich.console import Console
from typer.testing import CliRunner

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.cli import quarantine as quarantine_cli
from services.chassis.migrations import CHASSIS_MIGRATIONS
from services.quality.adapters.postgres_tables import read_only
from services.quality.adapters.quarantine import (
    QuarantineCount,
    UnknownContext,
    latest_load,
    quarantined,
    summary,
)

pytestmark = pytest.mark.integration

EARLIER, LATEST = "load-20240101T090000-aaaaaa", "load-20240102T090000-bbbbbb"
ORDERS, ITEMS, PRODUCTS = (
    "olist_orders_dataset.csv",
    "olist_order_items_dataset.csv",
    "olist_products_dataset.csv",
)
DAMAGED = "line 8: too few fields (3, the header has 8)"
ORDER = "e481f51cbdc54678b7cc49136f2d6af7"
ROWS = [  # context, load, file, row, kind, reason, record, day
    (
        "marketplace",
        EARLIER,
        PRODUCTS,
        4,
        "product",
        "product_weight_g: Input should be a valid integer",
        {"product_id": "p4", "product_weight_g": "heavy"},
        1,
    ),
    (
        "customer",
        LATEST,
        ORDERS,
        7,
        "order",
        DAMAGED,
        {"order_id": ORDER, "customer_id": "c7", "order_status": None},
        2,
    ),
    (
        "sales",
        LATEST,
        ORDERS,
        7,
        "order",
        DAMAGED,
        {"order_id": ORDER, "customer_id": "c7", "order_status": None, "order_approved_at": None},
        2,
    ),
    (
        "sales",
        LATEST,
        ITEMS,
        3,
        "order_item",
        "price: Input should be greater than or equal to 0",
        {"order_id": "o3", "order_item_id": "1", "price": "-5.00", "freight_value": "1.00"},
        2,
    ),
    (
        "fulfillment",
        LATEST,
        ITEMS,
        5,
        "shipment_item",
        "order_id: no such order in the source",
        {"order_id": "o9", "order_item_id": 1, "seller_id": "s1"},
        2,
    ),
]


@pytest.fixture
def url(database_url: str) -> str:
    """A fresh database whose contexts have the chassis' quarantine table, holding ROWS."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    chassis_tables = (CHASSIS_MIGRATIONS / "0002_quarantine.sql").read_text()
    with psycopg.connect(url, autocommit=True) as connection:
        for context in PUBLISHING_CONTEXTS:
            connection.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(context)))
            connection.execute(chassis_tables)
        for context, load, file, row, kind, reason, record, day in ROWS:
            connection.execute(
                sql.SQL(
                    "INSERT INTO {} (load_id, source_file, source_row, record_kind, reason,"
                    " record, quarantined_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                ).format(sql.Identifier(context, "quarantine")),
                (load, file, row, kind, reason, Jsonb(record), datetime(2024, 1, day, tzinfo=UTC)),
            )
    return url


@pytest.fixture
def connection(url: str):
    with read_only(url) as connection:
        yield connection


def test_the_rows_of_a_load_by_file_row_and_context_with_their_rule(connection):
    rows = quarantined(connection, load_id=LATEST)
    assert [(r.source_file, r.source_row, r.context, r.rule) for r in rows] == [
        (ITEMS, 3, "sales", "price"),
        (ITEMS, 5, "fulfillment", "orphan"),
        (ORDERS, 7, "customer", "malformed line"),
        (ORDERS, 7, "sales", "malformed line"),
    ]
    assert rows[0].record == ROWS[3][6]
    assert (rows[0].load_id, rows[0].record_kind) == (LATEST, "order_item")
    assert rows[0].quarantined_at == datetime(2024, 1, 2, tzinfo=UTC)


def test_the_rows_filtered_by_context_file_reason_and_limit(connection):
    assert {r.source_row for r in quarantined(connection, context="sales")} == {3, 7}
    assert [r.context for r in quarantined(connection, source_file=PRODUCTS)] == ["marketplace"]
    assert [r.rule for r in quarantined(connection, reason_like="%NO SUCH%")] == ["orphan"]
    assert len(quarantined(connection, limit=2)) == 2
    assert len(quarantined(connection, limit=None)) == len(ROWS)
    with pytest.raises(UnknownContext):
        quarantined(connection, context="nowhere")


def test_the_counts_per_context_file_and_rule(connection):
    assert summary(connection, load_id=LATEST) == [
        QuarantineCount("customer", ORDERS, "malformed line", 1),
        QuarantineCount("fulfillment", ITEMS, "orphan", 1),
        QuarantineCount("sales", ITEMS, "price", 1),
        QuarantineCount("sales", ORDERS, "malformed line", 1),
    ]
    assert summary(connection)[0] == QuarantineCount("marketplace", PRODUCTS, "product_weight_g", 1)
    assert summary(connection, load_id="load-none") == []


def test_the_latest_load_is_the_last_to_quarantine_a_row(connection, url):
    assert latest_load(connection) == LATEST


@pytest.fixture
def cli(url: str, monkeypatch):
    monkeypatch.setattr(quarantine_cli, "warehouse", lambda: read_only(url))
    monkeypatch.setattr(quarantine_cli, "console", Console(width=400))  # no wrapped lines
    return lambda *arguments: CliRunner().invoke(quarantine_cli.quarantine_app, list(arguments))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="") as exported:
        reader = csv.DictReader(exported)
        return list(reader.fieldnames or ()), list(reader)


def test_export_writes_a_csv_per_file_a_row_once_in_the_files_columns(cli, tmp_path):
    result = cli("export", "--to", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ORDERS, ITEMS])
    header, lines = read_csv(tmp_path / ORDERS)
    about = ["_context", "_load_id", "_source_row", "_reason"]
    assert header == [*about, "order_id", "customer_id", "order_status", "order_approved_at"]
    assert lines == [
        {
            "_context": "customer+sales",
            "_load_id": LATEST,
            "_source_row": "7",
            "_reason": DAMAGED,
            "order_id": ORDER,
            "customer_id": "c7",
            "order_status": "",
            "order_approved_at": "",
        }
    ]
    header, lines = read_csv(tmp_path / ITEMS)
    assert header == [*about, "order_id", "order_item_id", "seller_id", "price", "freight_value"]
    assert [(line["_context"], line["_source_row"], line["price"]) for line in lines] == [
        ("sales", "3", "-5.00"),
        ("fulfillment", "5", ""),
    ]
    assert f"{tmp_path / ORDERS}: 1 row\n" in result.output
    assert f"{tmp_path / ITEMS}: 2 rows\n" in result.output
    assert "note: customer_id as pseudonyms" in result.output


def test_export_of_nothing_fails_and_writes_nothing(cli, tmp_path):
    result = cli("export", "--load", EARLIER, "--context", "sales", "--to", str(tmp_path))
    assert result.exit_code == 1
    assert "nothing quarantined" in result.output
    assert list(tmp_path.iterdir()) == []


def test_list_counts_the_latest_load_and_every_load(cli):
    latest = cli("list")
    assert latest.exit_code == 0, latest.output
    assert "total" in latest.output and "product_weight_g" not in latest.output
    every = cli("list", "--all-loads")
    assert every.exit_code == 0, every.output
    assert "product_weight_g" in every.output


def test_show_names_the_rule_and_the_values(cli):
    shown = cli("show", "--file", ITEMS, "--context", "sales")
    assert shown.exit_code == 0, shown.output
    assert "price=-5.00" in shown.output
