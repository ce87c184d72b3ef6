"""New sources need no architectural change: the same extract, loaded once from CSV files
and once from an operational PostgreSQL database holding the Olist tables, gives the same
warehouse."""

from __future__ import annotations

import psycopg
import pytest

from olist_dw.loading import load
from olist_dw.sources import copy_extract_to_database
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums

pytestmark = pytest.mark.e2e


def operational_database(stack, name: str = "olist_operational") -> str:
    """A database of its own on the stack's server, apart from the warehouse."""
    admin = stack.database_url()
    with psycopg.connect(admin.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def test_csv_and_postgresql_sources_give_the_same_warehouse(start_stack, synthetic_source):
    from_csv, from_database = start_stack(), start_stack()
    source_url = operational_database(from_csv)
    copy_extract_to_database(synthetic_source, source_url, "olist")

    csv_summary = load(from_csv, synthetic_source)
    database_summary = load(from_database, f"{source_url}?schema=olist")

    assert database_summary.rows_read == csv_summary.rows_read > 0
    assert database_summary.rejected == csv_summary.rejected
    warehouse = dw_checksums(from_database.database_url())
    assert warehouse == dw_checksums(from_csv.database_url())
    assert not warehouse["fact_order"].startswith("0:")
