"""Per-table checksums of the star schema, blind to what differs between two equally
correct warehouses (surrogate key values, which load wrote a row)."""
from __future__ import annotations

import psycopg

# surrogate keys: their values depend on arrival order (a test checks that they resolve)
IGNORED_COLUMNS = {"load_id", "order_key", "order_item_key", "payment_key", "shipment_key",
                   "review_key", "customer_key", "product_key", "seller_key", "geography_key"}


def dw_checksums(url: str) -> dict[str, str]:
    url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'dw'"
            " AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migration', 'dw_lineage')"
            " ORDER BY table_name")]
        return {table: _checksum(connection, table) for table in tables}


def _checksum(connection: psycopg.Connection, table: str) -> str:
    columns = [r[0] for r in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'dw'"
        " AND table_name = %s ORDER BY ordinal_position", (table,))
        if r[0] not in IGNORED_COLUMNS]
    row = "(" + ", ".join(columns) + ")::text"
    count, digest = connection.execute(
        f"SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))"
        f" FROM (SELECT {row} AS r FROM dw.{table}) rows").fetchone()
    return f"{count}:{digest}"
