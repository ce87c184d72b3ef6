"""Where a load reads its extract from, named by one string (`olist-dw load --source`):
a directory of the 9 Olist CSVs, or a `postgresql://` URL of a database holding them as
tables (`?schema=NAME` when they are not in `public`).

`copy_extract_to_database` puts a CSV extract into such a database, with typed columns
(for tests, demos and docs).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from services.loader.adapters.csv_source import CsvDirectorySource
from services.loader.adapters.postgres_source import PostgresTableSource, libpq_url, table_of
from services.loader.application.ports import SourceError, SourcePort
from services.loader.domain.olist_files import OLIST_FILES, TEXT

URL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_database_url(spec: str) -> bool:
    return spec.startswith(URL_SCHEMES)


def source_from(spec: str | Path) -> SourcePort:
    """A `postgresql://...[?schema=NAME]` URL -> its tables; anything else -> a directory."""
    text = str(spec)
    if is_database_url(text):
        url, schema = _without_schema(text)
        return PostgresTableSource(url, schema)
    return CsvDirectorySource(Path(text))


def _without_schema(url: str) -> tuple[str, str]:
    """Takes our `schema` query parameter off the URL (libpq does not know it)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = dict(query).get("schema")
    if schema is None:
        return url, "public"
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def copy_extract_to_database(
    directory: Path | str, url: str, schema: str = "public", *, typed: bool = True
) -> dict[str, int]:
    """Creates the nine tables in `schema` (typed columns, or all text with typed=False)
    and COPYs the CSV extract in `directory` into them, empty fields as NULL, in file
    order, in one transaction. Fails if a table exists already, or on a row the CSV
    adapter cannot read as a record. Returns the rows copied per table."""
    extract = CsvDirectorySource(Path(directory))
    copied: dict[str, int] = {}
    with psycopg.connect(libpq_url(url)) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        for file, columns in OLIST_FILES.items():
            table = sql.Identifier(schema, table_of(file))
            connection.execute(_create(table, columns, typed))
            copied[table_of(file)] = _copy(connection, extract, file, table, columns)
    return copied


def _create(
    table: sql.Identifier, columns: tuple[tuple[str, str], ...], typed: bool
) -> sql.Composed:
    definitions = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind if typed else TEXT))
        for name, kind in columns
    )
    return sql.SQL("CREATE TABLE {} ({})").format(table, definitions)


def _copy(
    connection: psycopg.Connection,
    extract: CsvDirectorySource,
    file: str,
    table: sql.Identifier,
    columns: tuple[tuple[str, str], ...],
) -> int:
    names = [name for name, _ in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        table, sql.SQL(", ").join(map(sql.Identifier, names))
    )
    rows = 0
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in extract.rows(file, names):
            if row.problem:  # a table has no place for a line that is no record
                raise SourceError(f"{file}: row {row.row} cannot be copied: {row.problem}")
            copy.write_row([row.values[name] or None for name in names])
            rows += 1
    return rows
