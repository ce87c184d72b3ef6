"""What a load touched, as prefixed ids in the chassis import scope.

A customer record touches its person; an order and its payments touch the order (which
leads to its person through the order's customer record, resolved at completion); a
review touches its review id (every order it was given on).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

PERSON, ORDER, REVIEW = "person", "order", "review"

SCOPE_OF: dict[str, Callable[[object], str]] = {
    "customers": lambda account: f"{PERSON}:{account.customer_unique_id}",
    "orders": lambda purchase: f"{ORDER}:{purchase.order_id}",
    "payments": lambda paid: f"{ORDER}:{paid[0]}",
    "reviews": lambda review: f"{REVIEW}:{review.review_id}",
}


def touched_ids(kind: str, values: Sequence[object]) -> list[str]:
    return [SCOPE_OF[kind](value) for value in values]


@dataclass(frozen=True)
class Touched:
    people: list[str]
    orders: list[str]
    reviews: list[str]

    @classmethod
    def of(cls, scope_ids: Sequence[str]) -> Touched:
        found: dict[str, list[str]] = {PERSON: [], ORDER: [], REVIEW: []}
        for scope_id in scope_ids:
            prefix, _, natural_id = scope_id.partition(":")
            found[prefix].append(natural_id)
        return cls(found[PERSON], found[ORDER], found[REVIEW])
