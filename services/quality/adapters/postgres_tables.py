"""The tables measured through one read-only PostgreSQL connection."""

from __future__ import annotations

import psycopg

from services.quality.adapters.warehouse_measures import TableCheck, measure
from services.quality.domain.report import Measurement


class PostgresTables:
    def __init__(self, connection: psycopg.Connection) -> None:
        self._connection = connection

    def measure(self, rule: str, check: TableCheck) -> Measurement:
        return measure(self._connection, rule, check)


def read_only(conninfo: str) -> psycopg.Connection:
    """A connection that cannot write, whatever its role may (one snapshot for all rules)."""
    connection = psycopg.connect(conninfo)
    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    return connection
