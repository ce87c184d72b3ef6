"""The tables measured through one read-only PostgreSQL connection."""

from __future__ import annotations

from datetime import datetime

import psycopg
from psycopg import sql

from services.quality.adapters.warehouse_measures import TableCheck, measure
from services.quality.domain.report import Measurement


class PostgresTables:
    def __init__(self, connection: psycopg.Connection) -> None:
        self._connection = connection

    def measure(self, rule: str, check: TableCheck) -> Measurement:
        return measure(self._connection, rule, check)

    def newest(self, table: str, column: str) -> datetime | None:
        query = sql.SQL("SELECT max({}) FROM {}").format(
            sql.Identifier(column), sql.Identifier(*table.split("."))
        )
        row = self._connection.execute(query).fetchone()
        return row[0] if row else None


def read_only(conninfo: str) -> psycopg.Connection:
    """A connection that cannot write, whatever its role may (one snapshot for all rules)."""
    connection = psycopg.connect(conninfo)
    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    return connection
