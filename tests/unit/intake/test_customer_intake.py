"""Customer's intake use cases on in-memory fakes: a review that arrives before its order
waits in quarantine and is published once a later load brings the order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from services.chassis.intake.commands import CompleteLoad, Rejection, Sourced, StageRecords
from services.chassis.intake.use_cases import stage
from services.customer.application.intake import STAGERS, complete_load
from services.customer.domain.events import ReviewSubmitted
from services.customer.domain.orders import OrderStatus, Purchase
from services.customer.domain.review import Review
from tests.unit.intake.fakes import FakeUnitOfWork

T0 = datetime(2017, 8, 1, 12, 0)


class FakeCustomers:
    """Orders only: who the people are is not what these tests are about."""

    def __init__(self) -> None:
        self.purchases: dict[str, Purchase] = {}

    def stage_purchases(self, load_id: str, purchases: Sequence[Sourced[Purchase]]) -> None:
        self.purchases.update((p.value.order_id, p.value) for p in purchases)

    def people_touched(self, people: Sequence[str], order_ids: Sequence[str]) -> list[str]:
        return []

    def get_many(self, customer_unique_ids: Sequence[str]) -> list:
        return []

    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]:
        return []


class FakeReviews:
    def __init__(self, customers: FakeCustomers) -> None:
        self.staged: dict[tuple[str, str], Sourced[Review]] = {}
        self.findings: list = []
        self._orders = customers.purchases

    def stage(self, load_id: str, reviews: Sequence[Sourced[Review]]) -> None:
        self.staged.update(((r.value.review_id, r.value.order_id), r) for r in reviews)

    def get_many(self, review_ids: Sequence[str]) -> list[Review]:
        return [
            replace(s.value, order_placed_at=self._orders[order_id].purchased_at)
            for (review_id, order_id), s in sorted(self.staged.items())
            if review_id in review_ids and order_id in self._orders
        ]

    def orphans(self, review_ids: Sequence[str]) -> list[Rejection]:
        return [
            Rejection(s.file, s.row, "review", "order_id: no such order in the source")
            for (review_id, order_id), s in sorted(self.staged.items())
            if review_id in review_ids and order_id not in self._orders
        ]

    def of_orders(self, order_ids: Sequence[str]) -> list[str]:
        return sorted({review_id for review_id, order_id in self.staged if order_id in order_ids})

    def record_findings(self, findings: Sequence) -> None:
        self.findings.extend(findings)


class FakeCustomerUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.customers = FakeCustomers()
        self.reviews = FakeReviews(self.customers)


def stage_load(uow: FakeCustomerUnitOfWork, load: str, kind: str, values: list) -> None:
    staged = [Sourced("file.csv", row, value) for row, value in enumerate(values, start=1)]
    stage(uow, StageRecords(load, kind, staged, []), STAGERS)


def test_a_review_before_its_order_is_quarantined_then_published_with_the_order():
    uow = FakeCustomerUnitOfWork()
    review = Review("r1", "o1", 5, None, "ótimo", T0)
    stage_load(uow, "l1", "reviews", [review])
    first = complete_load(uow, CompleteLoad("l1"))
    assert (first.orphans, uow.events_of(ReviewSubmitted)) == (1, [])
    stage_load(uow, "l2", "orders", [Purchase("o1", "c1", OrderStatus.DELIVERED, T0)])
    assert uow.scope.touched["l2"] == {"order:o1", "review:r1"}
    second = complete_load(uow, CompleteLoad("l2"))
    (published,) = uow.events_of(ReviewSubmitted)
    assert (second.orphans, published.review_id) == (0, "r1")
