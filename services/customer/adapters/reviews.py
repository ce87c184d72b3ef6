"""PostgreSQL adapter of the review repository."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.staging import StagedTable
from services.chassis.personal_data import MissingKey, TextKeys
from services.chassis.repository import SqlRepository
from services.customer.domain.review import Review, ReviewFinding


def _review_row(r: Review) -> tuple:
    return r.review_id, r.order_id, r.score, r.title, r.comment, r.created_at, r.answered_at


REVIEWS = StagedTable(
    "customer.review",
    "review_id order_id score title comment created_at answered_at",
    key="review_id order_id",
    row=_review_row,
)
FINDINGS = Upsert(
    "customer.review_finding",
    ("review_id", "order_id", "kind"),
    key=("review_id", "order_id", "kind"),
)

# Reviews of orders Customer knows; the others are orphans until their order arrives.
REVIEWS_OF = text(
    "SELECT r.review_id, r.order_id, r.score, r.title, r.comment, r.created_at, r.answered_at,"
    " o.purchased_at, r.source_file, r.source_row FROM customer.review r"
    " JOIN customer.customer_order o ON o.order_id = r.order_id WHERE r.review_id = ANY(:ids)"
)
REVIEWS_OF_ORDERS = text(
    "SELECT DISTINCT review_id FROM customer.review WHERE order_id = ANY(:orders)"
)
ORPHANS = text(
    "SELECT r.source_file, r.source_row, jsonb_build_object('review_id', r.review_id,"
    " 'order_id', r.order_id, 'review_score', r.score, 'review_comment_title', r.title,"
    " 'review_comment_message', r.comment, 'review_creation_date', r.created_at,"
    " 'review_answer_timestamp', r.answered_at)"
    " FROM customer.review r WHERE r.review_id = ANY(:ids) AND NOT EXISTS"
    " (SELECT 1 FROM customer.customer_order o WHERE o.order_id = r.order_id)"
)


# what a review's words are sealed as: the source's columns (quarantine seals them alike)
TITLE, COMMENT = "review_comment_title", "review_comment_message"


class PostgresReviewRepository(SqlRepository):
    """Reviews with their words sealed (services/chassis/personal_data.py): stored so, opened
    when read back."""

    @property
    def _texts(self) -> TextKeys:
        if self._personal is None:
            raise MissingKey("the review repository needs the text keys")
        return self._personal.texts

    def stage(self, load_id: str, reviews: Sequence[Sourced[Review]]) -> None:
        texts = self._texts
        sealed = [
            replace(
                s,
                value=replace(
                    s.value,
                    title=texts.seal(s.value.title, TITLE),
                    comment=texts.seal(s.value.comment, COMMENT),
                ),
            )
            for s in reviews
        ]
        REVIEWS.stage(self._connection, load_id, sealed)

    def get_many(self, review_ids: Sequence[str]) -> list[Review]:
        reviews, texts = [], self._texts
        for row in self._connection.execute(REVIEWS_OF, {"ids": list(review_ids)}):
            reviews.append(
                Review(
                    review_id=row.review_id,
                    order_id=row.order_id,
                    score=row.score,
                    title=texts.open(row.title, TITLE),
                    comment=texts.open(row.comment, COMMENT),
                    created_at=row.created_at,
                    answered_at=row.answered_at,
                    order_placed_at=row.purchased_at,
                )
            )
            self._sources.note(("review", row.review_id, row.order_id), row)
        return reviews

    def of_orders(self, order_ids: Sequence[str]) -> list[str]:
        """Ids of the staged reviews of these orders (an order arriving after its review)."""
        return self._column(REVIEWS_OF_ORDERS, orders=list(order_ids))

    def orphans(self, review_ids: Sequence[str]) -> list[Rejection]:
        rows = self._connection.execute(ORPHANS, {"ids": list(review_ids)})
        return [
            Rejection(file, row, "review", "order_id: no such order in the source", record)
            for file, row, record in rows
        ]

    def record_findings(self, findings: Sequence[ReviewFinding]) -> None:
        upsert(self._connection, FINDINGS, [(f.review_id, f.order_id, f.kind) for f in findings])
