"""What the star schema holds, read for people and tests: its tables, their row counts and
their checksums. One place, so that "the dw tables" means the same everywhere (the
migration ledger and the lineage table are not star tables)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

import psycopg
from psycopg import sql

SCHEMA = "dw"
T = TypeVar("T")
NOT_STAR_TABLES = ("schema_migration", "dw_lineage")

# The natural key of each dimension whose surrogate key facts point to: a checksum compares
# the row a key points to, not the key's value (which depends on arrival order).
NATURAL_KEYS = {
    "dim_customer": "customer_unique_id",
    "dim_product": "product_id",
    "dim_seller": "seller_id",
    "dim_geography": "zip_code_prefix",
}

FOREIGN_KEYS = """
    SELECT a.attname, r.relname, ra.attname
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND n.nspname = %s AND t.relname = %s"""

COLUMNS = """
    SELECT column_name, is_identity = 'YES'
    FROM information_schema.columns WHERE table_schema = %s AND table_name = %s
    ORDER BY ordinal_position"""


def star_tables(connection: psycopg.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
        " AND table_type = 'BASE TABLE' ORDER BY table_name",
        (SCHEMA,),
    )
    return [name for (name,) in rows if name not in NOT_STAR_TABLES]


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(_libpq(url)) as connection:
        return {
            table: _scalar(
                connection,
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(SCHEMA, table)),
                int,
            )
            for table in star_tables(connection)
        }


# where each money column of the source lands in the star schema
MONEY_IN_WAREHOUSE = {
    "price": "fact_order_item",
    "freight_value": "fact_order_item",
    "payment_value": "fact_payment",
}


def money_totals(url: str) -> dict[str, Decimal]:
    """Per money column of the source, its sum in the star schema (the control totals)."""
    with psycopg.connect(_libpq(url)) as connection:
        return {
            column: _scalar(
                connection,
                sql.SQL("SELECT coalesce(sum({}), 0) FROM {}").format(
                    sql.Identifier(column), sql.Identifier(SCHEMA, table)
                ),
                Decimal,
            )
            for column, table in MONEY_IN_WAREHOUSE.items()
        }


def checksums(url: str) -> dict[str, str]:
    """Per star table, `rows:md5` of its rows, blind to what differs between two equally
    correct warehouses: a row's own surrogate key and which load wrote it. A foreign key
    counts as the natural key of the row it points to, so a fact attached to the unknown
    member (key 0) differs from one attached to the right person."""
    with psycopg.connect(_libpq(url)) as connection:
        return {table: _checksum(connection, table) for table in star_tables(connection)}


def _checksum(connection: psycopg.Connection, table: str) -> str:
    count, digest = connection.execute(
        sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), ''))"
            " FROM (SELECT ({})::text AS r FROM {} t) rows"
        ).format(
            sql.SQL(", ").join(_compared_columns(connection, table)),
            sql.Identifier(SCHEMA, table),
        )
    ).fetchone() or (0, "")
    return f"{count}:{digest}"


def _compared_columns(connection: psycopg.Connection, table: str) -> list[sql.Composed]:
    pointing = {
        column: (dimension, key)
        for column, dimension, key in connection.execute(FOREIGN_KEYS, (SCHEMA, table))
        if dimension in NATURAL_KEYS
    }
    compared = []
    for column, is_own_key in connection.execute(COLUMNS, (SCHEMA, table)):
        if is_own_key or column == "load_id":
            continue
        if column in pointing:
            dimension, key = pointing[column]
            compared.append(
                sql.SQL("(SELECT d.{} FROM {} d WHERE d.{} = t.{})").format(
                    sql.Identifier(NATURAL_KEYS[dimension]),
                    sql.Identifier(SCHEMA, dimension),
                    sql.Identifier(key),
                    sql.Identifier(column),
                )
            )
        else:
            compared.append(sql.SQL("t.{}").format(sql.Identifier(column)))
    return compared


def _scalar(connection: psycopg.Connection, query: sql.Composed, kind: type[T]) -> T:
    """The one value a query returns (a count, a sum), as `kind`."""
    row = connection.execute(query).fetchone()
    if row is None or not isinstance(row[0], kind):
        raise TypeError(f"{query.as_string(connection)!r} gave {row!r}, not one {kind.__name__}")
    return row[0]


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")
