"""Who a person is in the warehouse: the pseudonym of their `customer_unique_id`, those of
their customer records, and their orders."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from olist_dw.runtime.stack import Stack
from shared_kernel.pseudonyms import pseudonym

RECORDS_OF = "SELECT customer_id FROM customer.account WHERE customer_unique_id = %s"
ORDERS_OF = (
    "SELECT order_id FROM customer.customer_order WHERE customer_id = ANY(%(records)s)"
    " UNION SELECT order_id FROM sales.customer_order WHERE customer_id = ANY(%(records)s)"
    " UNION SELECT order_id FROM fulfillment.delivery WHERE customer_id = ANY(%(records)s)"
)


@dataclass(frozen=True)
class Subject:
    pseudonym: str  # of the customer_unique_id
    records: tuple[str, ...]  # pseudonyms of the customer_ids of their customer records
    orders: tuple[str, ...]

    @property
    def people(self) -> list[str]:
        """Every pseudonym that stands for the person."""
        return [self.pseudonym, *self.records]

    @property
    def parameters(self) -> dict[str, list[str]]:
        return {"people": self.people, "orders": list(self.orders)}


def pseudonym_in(stack: Stack, customer_unique_id: str) -> str:
    return pseudonym(stack.credentials.keys["pseudonym"].encode(), customer_unique_id)


def identify(connection: psycopg.Connection, person: str) -> Subject:
    """The person of pseudonym `person` as the contexts know them now (after an erasure:
    no records, no orders)."""
    records = [r for (r,) in connection.execute(RECORDS_OF, (person,))]
    orders = [o for (o,) in connection.execute(ORDERS_OF, {"records": records})] if records else []
    return Subject(person, tuple(sorted(records)), tuple(sorted(orders)))
