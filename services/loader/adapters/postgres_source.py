"""The PostgreSQL adapter of the SourcePort: an operational database holding the nine Olist
tables, each named like its file without `.csv` (`olist_orders_dataset`, ...).

Rows are streamed with a server-side cursor in a stable order (physical order, `ctid`, for
tables: the order a COPY of the CSV wrote them in) and numbered 1.. in that order. Values
are rendered as the CSV carries them, so the contexts see the same text from either
source: NULL -> "", timestamps `YYYY-MM-DD HH:MM:SS`, numerics with the scale they are
stored with, Olist ids without dashes. Text and typed columns both work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from services.loader.application.ports import SourceError, SourceRow

OLIST_TIME_ZONE = "America/Sao_Paulo"  # the extract's timestamps are local, without offset
PHYSICAL_ORDER_KINDS = {"r", "m"}  # tables and materialized views have a ctid


def libpq_url(url: str) -> str:
    """A SQLAlchemy-style URL (`postgresql+psycopg://`) as libpq reads it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def table_of(file: str) -> str:
    """`olist_orders_dataset.csv` (or `.csv.gz`) -> `olist_orders_dataset`."""
    return PurePosixPath(file).name.removesuffix(".gz").removesuffix(".csv")


class PostgresTableSource:
    def __init__(
        self,
        url: str,
        schema: str = "public",
        *,
        itersize: int = 5000,
        time_zone: str = OLIST_TIME_ZONE,
    ) -> None:
        self.url = libpq_url(url)
        self.schema = schema
        self.itersize = itersize
        self.time_zone = time_zone

    def describe(self) -> str:
        """Where the rows come from, without the password."""
        params = conninfo_to_dict(self.url)
        host = params.get("host", "localhost")
        return (
            f"postgresql:{host}:{params.get('port', 5432)}/{params.get('dbname', '')}"
            f" schema {self.schema}"
        )

    def check(self, file: str, columns: Sequence[str]) -> tuple[str, ...]:
        """The table's columns; SourceError when it is missing or lacks a column."""
        with self._connect() as connection:
            _, types = self._relation(connection, file, table_of(file), columns)
        return tuple(types)

    def rows(self, file: str, columns: Sequence[str]) -> Iterator[SourceRow]:
        table = table_of(file)
        with self._connect() as connection:
            kind, types = self._relation(connection, file, table, columns)
            with connection.cursor(name=f"olist_source_{table}") as cursor:
                cursor.itersize = self.itersize
                cursor.execute(self._select(table, columns, kind, types))
                for number, record in enumerate(cursor, start=1):
                    yield SourceRow(
                        number, {column: rendered(value) for column, value in zip(columns, record)}
                    )

    def _connect(self) -> psycopg.Connection:
        try:
            connection = psycopg.connect(self.url, application_name="olist-dw loader")
        except psycopg.OperationalError as error:
            raise SourceError(f"cannot connect to {self.describe()}: {error}") from error
        connection.read_only = True
        return connection

    def _relation(
        self, connection: psycopg.Connection, file: str, table: str, columns: Sequence[str]
    ) -> tuple[str, dict[str, str]]:
        """The relation's kind and column types; SourceError naming the table or the
        columns it lacks."""
        name = sql.Identifier(self.schema, table).as_string(connection)
        found = connection.execute(
            "SELECT c.relkind, array_agg(a.attname::text ORDER BY a.attnum),"
            " array_agg(a.atttypid::regtype::text ORDER BY a.attnum)"
            " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
            " AND a.attnum > 0 AND NOT a.attisdropped"
            " WHERE c.oid = to_regclass(%s) GROUP BY c.relkind",
            (name,),
        ).fetchone()
        if found is None:
            raise SourceError(f"{file}: no table {self.schema}.{table} in {self.describe()}")
        kind, names, types = found
        missing = [c for c in columns if c not in names]
        if missing:
            raise SourceError(
                f"{file}: table {self.schema}.{table} has no columns {missing};"
                f" its columns are {names}"
            )
        return kind, dict(zip(names, types))

    def _select(
        self, table: str, columns: Sequence[str], kind: str, types: dict[str, str]
    ) -> sql.Composed:
        selected = sql.SQL(", ").join(self._value(c, types[c]) for c in columns)
        # a view has no ctid: all the selected columns give it a stable order instead
        order = (
            sql.SQL("ctid")
            if kind in PHYSICAL_ORDER_KINDS
            else sql.SQL(", ").join(
                sql.Literal(position) for position in range(1, len(columns) + 1)
            )
        )
        return sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            selected, sql.Identifier(self.schema, table), order
        )

    def _value(self, column: str, kind: str) -> sql.Composable:
        """A column as selected: a timestamptz in the extract's local time, no offset."""
        if kind == "timestamp with time zone":
            return sql.SQL("{} AT TIME ZONE {}").format(
                sql.Identifier(column), sql.Literal(self.time_zone)
            )
        return sql.Identifier(column)


def rendered(value: object) -> str:
    """A database value as the Olist CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):  # the CSV carries every Olist date as a timestamp
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, UUID):
        return value.hex
    return str(value)
