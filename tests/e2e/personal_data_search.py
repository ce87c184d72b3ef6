"""Where a person's data could be found: every column of every table of every schema, every
message retained in every stream, every log. Read independently of the services (raw SQL
as the administrator, raw JetStream reads), for the tests that say it is not there."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator

import nats
import psycopg
from psycopg import sql

from olist_dw.runtime.stack import Stack

OLIST_ID = re.compile(r"[0-9a-f]{32}")
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def database_texts(admin_url: str) -> Iterator[tuple[str, str]]:
    """(schema.table, the table's rows as text) for every table and materialized view;
    bytea columns decoded as UTF-8 (an outbox frame is JSON)."""
    with psycopg.connect(admin_url) as connection:
        relations = connection.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname <> ALL(%s)"
            " AND n.nspname NOT LIKE 'pg_temp%%'",
            (list(SYSTEM_SCHEMAS),),
        ).fetchall()
        for schema, table in relations:
            columns = connection.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                (f'"{schema}"."{table}"',),
            ).fetchall()
            parts = [
                sql.SQL("convert_from({}, 'UTF8')").format(sql.Identifier(name))
                if kind == "bytea"
                else sql.SQL("{}::text").format(sql.Identifier(name))
                for name, kind in columns
            ]
            if not parts:
                continue
            query = sql.SQL("SELECT concat_ws(' | ', {}) FROM {}").format(
                sql.SQL(", ").join(parts), sql.Identifier(schema, table)
            )
            text = "\n".join(row[0] or "" for row in connection.execute(query))
            yield f"{schema}.{table}", text


async def _stream_texts(stack: Stack) -> list[tuple[str, str]]:
    client = await nats.connect(stack.nats.url)
    try:
        js = client.jetstream()
        found = []
        for stream in await js.streams_info():
            state, parts = stream.state, []
            first = state.first_seq if state.messages else state.last_seq + 1  # none
            for sequence in range(max(first, 1), state.last_seq + 1):
                try:
                    message = await js.get_msg(stream.config.name, sequence)
                except nats.js.errors.NotFoundError:
                    continue
                headers = " ".join(f"{k}={v}" for k, v in (message.headers or {}).items())
                parts.append(f"{headers} {(message.data or b'').decode('utf-8', 'replace')}")
            found.append((f"stream {stream.config.name}", "\n".join(parts)))
        return found
    finally:
        await client.close()


def stream_texts(stack: Stack) -> list[tuple[str, str]]:
    return asyncio.run(_stream_texts(stack))


def log_texts(stack: Stack) -> list[tuple[str, str]]:
    logs = [*(stack.home / "logs").glob("*.log"), stack.postgres.log_file]
    return [(f"log {p.name}", p.read_text(errors="replace")) for p in logs if p.exists()]


def everywhere(stack: Stack) -> list[tuple[str, str]]:
    return [*database_texts(stack.database_url()), *stream_texts(stack), *log_texts(stack)]


def where_found(
    places: Iterable[tuple[str, str]], identifiers: set[str], words: set[str]
) -> dict[str, list[str]]:
    """Place -> what of `identifiers` (32-hex ids) and `words` (texts) it holds."""
    found: dict[str, list[str]] = {}
    for place, text in places:
        hits = sorted(identifiers.intersection(OLIST_ID.findall(text)))
        hits += sorted(w for w in words if w in text)
        if hits:
            found[place] = hits[:5]
    return found


def source_personal_data(rows_of) -> tuple[set[str], set[str]]:
    """The people's identifiers and the words they wrote, from the source files."""
    customers = rows_of("olist_customers_dataset.csv")
    identifiers = {c["customer_id"] for c in customers} | {
        c["customer_unique_id"] for c in customers
    }
    reviews = rows_of("olist_order_reviews_dataset.csv")
    words = {
        text.strip()
        for r in reviews
        for text in (r["review_comment_title"], r["review_comment_message"])
        if len(text.strip()) >= 12  # long enough to be nobody else's
    }
    return identifiers, words
