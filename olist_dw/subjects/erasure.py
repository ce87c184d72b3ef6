"""`olist-dw subject erase`: a person removed from every context (facts stay, counted, with
`erased` where they were), their retained messages rewritten, the star schema rebuilt from
the rewritten streams, and the erasure noted in the ledger a restore applies again."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import psycopg

from olist_dw.rebuild import admin_jetstream, rebuild_reporting
from olist_dw.runtime.stack import Stack
from olist_dw.subjects.ledger import erased_tags, note, tag_of
from olist_dw.subjects.notices import send_erasure_notice
from olist_dw.subjects.people import Subject, identify, pseudonym_in
from olist_dw.subjects.stores import erase_in_context_stores, rewrite_streams


@dataclass(frozen=True)
class Erasure:
    tag: str  # what the ledger and the audit log keep: no pseudonym
    rows: int  # rows deleted or anonymised in the contexts
    messages: int  # retained messages rewritten
    first_time: bool


def erase(stack: Stack, customer_unique_id: str) -> Erasure:
    person = pseudonym_in(stack, customer_unique_id)
    with psycopg.connect(stack.database_url()) as connection:
        subject = identify(connection, person)
        rows = erase_in_context_stores(connection, subject.parameters)
    tag = tag_of(stack.credentials.keys["pseudonym"], person)
    messages = asyncio.run(_rewrite(stack, subject, tag))
    first_time = note(stack.home, tag)
    if rows or messages:
        rebuild_reporting(stack)  # the star schema again, from the rewritten streams
    return Erasure(tag, rows, messages, first_time)


async def _rewrite(stack: Stack, subject: Subject, tag: str) -> int:
    """The retained messages rewritten; then, if the person was still known here, the notice
    to outside systems (an erasure repeated finds no records and sends none)."""
    async with admin_jetstream(stack.nats.url, stack.nats.tls_ca) as js:
        messages = await rewrite_streams(js, subject.people)
        if subject.records:
            await send_erasure_notice(js, subject, tag)
        return messages


def erase_again_in_database(stack: Stack) -> int:
    """After a restore: the people of the ledger, erased again from the recovered contexts
    (before their outboxes are republished); how many people."""
    tags = erased_tags(stack.home)
    if not tags:
        return 0
    key = stack.credentials.keys["pseudonym"]
    with psycopg.connect(stack.database_url()) as connection:
        people = [
            person
            for (person,) in connection.execute(
                "SELECT DISTINCT customer_unique_id FROM customer.account"
            )
            if tag_of(key, person) in tags
        ]
        for person in people:
            erase_in_context_stores(connection, identify(connection, person).parameters)
    return len(people)
