"""Which orders a batch asks the star schema to re-key after writing its facts (which take
their keys as they are written): only those whose person became known, and for reviews
those whose customer record arrived. Payments, approvals and deliveries never move a key;
re-keying them cost a join per order and batch."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from services.reporting.application.star_rows import (
    Delivery,
    OrderLink,
    PaymentLine,
    Review,
    StarChanges,
)

AT = datetime(2018, 1, 2, 3, 4, 5)


def test_lifecycle_changes_alone_re_key_nothing():
    changes = StarChanges(
        payments=[PaymentLine("o1", 1, "boleto", 1, Decimal("10.00"), AT, "load-1")],
        deliveries=[Delivery("o2", AT, 3, 0, False, "load-1")],
    )
    assert all(not orders for orders in changes.orders_to_key().values())


def test_an_attributed_order_re_keys_its_facts():
    changes = StarChanges(
        links=[OrderLink("c1", "o1", "person-1", "load-1")],
        reviews=[Review("r1", "o2", 5, AT, None, False, False, 0, "load-1")],
    )
    assert changes.orders_to_key() == {
        "fact_order": {"o1"},
        "fact_order_item": {"o1"},
        "fact_review": {"o1"},
    }  # o2's review keyed as written
