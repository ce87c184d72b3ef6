"""`olist-dw subject export`: everything held about one person, as JSON-ready data: each
context's records (the words of their reviews opened), quarantined rows, the warehouse's
rows, and how many retained messages and dead letters name them."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
from psycopg.rows import dict_row

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.rebuild import admin_jetstream
from olist_dw.runtime.stack import Stack
from olist_dw.subjects.people import identify, pseudonym_in
from olist_dw.subjects.stores import CONTEXT_RECORDS, quarantined, stream_mentions
from services.chassis.personal_data import TextKeys
from services.customer.adapters.reviews import COMMENT, TITLE

WAREHOUSE = {
    "dim_customer": "SELECT * FROM dw.dim_customer WHERE customer_unique_id = %(person)s",
    "customer_address_history": "SELECT * FROM dw.customer_address_history"
    " WHERE customer_unique_id = %(person)s",
    "fact_order": "SELECT * FROM dw.fact_order WHERE order_id = ANY(%(orders)s)",
    "fact_review": "SELECT * FROM dw.fact_review WHERE order_id = ANY(%(orders)s)",
}


def export(stack: Stack, customer_unique_id: str) -> dict[str, Any]:
    person = pseudonym_in(stack, customer_unique_id)
    texts = TextKeys.parse(stack.credentials.keys["texts"])
    with psycopg.connect(stack.database_url()) as connection:
        subject = identify(connection, person)
        parameters = {**subject.parameters, "person": person}
        rows = connection.cursor(row_factory=dict_row)
        contexts = {
            records.schema: {
                name: rows.execute(query, parameters).fetchall()
                for name, query in records.export.items()
            }
            for records in CONTEXT_RECORDS
        }
        for review in contexts["customer"]["reviews"]:
            review["title"] = texts.open(review["title"], TITLE)
            review["comment"] = texts.open(review["comment"], COMMENT)
        kept = {c: quarantined(connection, c, parameters) for c in PUBLISHING_CONTEXTS}
        warehouse = {t: rows.execute(q, parameters).fetchall() for t, q in WAREHOUSE.items()}
    for records in kept.values():
        for record in records:
            for column in (TITLE, COMMENT):
                if record.get(column):
                    record[column] = texts.open(record[column], column)
    messages = asyncio.run(_mentions(stack, subject.people))
    return {
        "customer_unique_id": customer_unique_id,
        "pseudonym": person,
        "customer_records": list(subject.records),
        "orders": list(subject.orders),
        "contexts": contexts,
        "quarantine": {c: rows for c, rows in kept.items() if rows},
        "warehouse": warehouse,
        "retained_messages": messages,
    }


async def _mentions(stack: Stack, people: list[str]) -> dict[str, int]:
    async with admin_jetstream(stack.nats.url, stack.nats.tls_ca) as js:
        return await stream_mentions(js, people)
