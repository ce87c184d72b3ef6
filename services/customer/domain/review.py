"""The Review aggregate: a customer's score and words about one order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.customer.domain.errors import CustomerRuleViolation
from services.customer.domain.events import ReviewSubmitted
from shared_kernel import DateRange

REPEATED_REVIEW_ID = "repeated_review_id"


@dataclass(frozen=True, slots=True)
class Review:
    review_id: str
    order_id: str
    score: int
    title: str | None
    comment: str | None
    created_at: datetime
    answered_at: datetime | None = None
    order_placed_at: datetime | None = None  # known once Customer has the order

    def __post_init__(self) -> None:
        if not 1 <= self.score <= 5:
            raise CustomerRuleViolation(f"review score must be 1 to 5, got {self.score}")
        if self.answered_at is not None and self.answered_at < self.created_at:
            raise CustomerRuleViolation("review answered before it was created")

    @property
    def submitted_at(self) -> datetime:
        """When the review counts as submitted: its creation date, or the purchase of its
        order when Olist dates the review earlier (a survey is about an order that exists;
        Olist reuses some review ids on later orders)."""
        if self.order_placed_at is None or self.order_placed_at <= self.created_at:
            return self.created_at
        return self.order_placed_at

    def events(self, window: DateRange = DateRange.all_time()) -> list[ReviewSubmitted]:
        if not window.contains(self.submitted_at):
            return []
        return [
            ReviewSubmitted(
                occurred_at=self.submitted_at,
                review_id=self.review_id,
                order_id=self.order_id,
                score=self.score,
                has_title=bool(self.title),
                has_comment=bool((self.comment or "").strip()),
                comment_length=len(self.comment or ""),
                answered_at=self.answered_at,
            )
        ]


@dataclass(frozen=True, slots=True)
class ReviewFinding:
    """Something odd about a review that is no reason to refuse it: a finding for Quality."""

    review_id: str
    order_id: str
    kind: str


def findings_among(reviews: Iterable[Review]) -> list[ReviewFinding]:
    """Olist reuses some review ids on several orders (789 ids in the real data). Each review
    stays valid (its key is review id + order id); every one sharing its id is a finding."""
    orders_of: dict[str, set[str]] = defaultdict(set)
    for review in reviews:
        orders_of[review.review_id].add(review.order_id)
    return [
        ReviewFinding(review_id, order_id, REPEATED_REVIEW_ID)
        for review_id, order_ids in sorted(orders_of.items())
        if len(order_ids) > 1
        for order_id in sorted(order_ids)
    ]
