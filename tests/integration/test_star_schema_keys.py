"""Surrogate keys come out the same whatever order an order's events reach the star
schema in: the order placed (Sales), its customer attributed to a person and its review
(Customer) arrive on different streams, in batches of their own."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import permutations

import pytest
from sqlalchemy import text

from services.reporting.__main__ import REPORTING as SERVICE  # noqa: F401 - the fixtures' service
from services.reporting.adapters.star_schema import PostgresStarSchema
from services.reporting.application.projection import (
    OrderLine, OrderLink, PlacedOrder, Review, StarChanges,
)

pytestmark = pytest.mark.integration
AT = datetime(2017, 3, 4, 10, 0)


def arrivals(n: int) -> dict[str, StarChanges]:
    order, customer, person = f"order-{n}", f"customer-{n}", f"person-{n}"
    return {
        "placed": StarChanges(
            placed=[PlacedOrder(order, customer, AT, None, 1, Decimal("10.00"), Decimal("1.00"),
                                "load-1")],
            lines=[OrderLine(order, 1, customer, "product-1", "seller-1", AT, AT,
                             Decimal("10.00"), Decimal("1.00"), "load-1")]),
        "attributed": StarChanges(links=[OrderLink(customer, order, person, "load-1")]),
        "reviewed": StarChanges(reviews=[Review(f"review-{n}", order, 4, AT, None, False,
                                                False, 0, "load-1")]),
    }


def customer_keys(engine, n: int) -> dict[str, int | None]:
    with engine.connect() as connection:
        person = connection.execute(text(
            "SELECT customer_key FROM dw.dim_customer WHERE customer_unique_id = :p"),
            {"p": f"person-{n}"}).scalar_one()
        return {fact: connection.execute(text(
            f"SELECT customer_key FROM dw.{fact} WHERE order_id = :o"),
            {"o": f"order-{n}"}).scalar_one() - person
            for fact in ("fact_order", "fact_order_item", "fact_review")}


def test_every_fact_of_an_order_gets_its_persons_key_in_any_arrival_order(client, engine):
    star = PostgresStarSchema(engine)
    for n, order in enumerate(permutations(["placed", "attributed", "reviewed"])):
        batches = arrivals(n)
        for kind in order:
            star.apply(batches[kind])
        assert customer_keys(engine, n) == {"fact_order": 0, "fact_order_item": 0,
                                            "fact_review": 0}, order
