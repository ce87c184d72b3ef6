"""Sealing a review's words again with the ring's first key (`olist-dw keys rotate-texts`):
the reviews and the quarantined review rows, in batches, as the Customer role."""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from services.chassis.personal_data import TextKeys
from services.customer.adapters.reviews import COMMENT, TITLE

BATCH = 1000
STALE_REVIEWS = text(
    "SELECT review_id, order_id, title, comment FROM customer.review"
    " WHERE (title IS NOT NULL AND title NOT LIKE :sealing)"
    " OR (comment IS NOT NULL AND comment NOT LIKE :sealing) LIMIT :batch"
)
RESEAL_REVIEW = text(
    "UPDATE customer.review SET title = :title, comment = :comment"
    " WHERE review_id = :review_id AND order_id = :order_id"
)
STALE_QUARANTINE = text(
    "SELECT id, record FROM customer.quarantine WHERE"
    " (record->>'review_comment_title' IS NOT NULL"
    "  AND record->>'review_comment_title' NOT LIKE :sealing)"
    " OR (record->>'review_comment_message' IS NOT NULL"
    "  AND record->>'review_comment_message' NOT LIKE :sealing) LIMIT :batch"
)
RESEAL_QUARANTINE = text(
    "UPDATE customer.quarantine SET record = CAST(:record AS jsonb) WHERE id = :id"
)


def reseal(connection: Connection, keys: TextKeys) -> int:
    """Every stored text not sealed with the first key, sealed with it; how many rows."""
    sealing = {"sealing": f"{TextKeys.PREFIX}:{keys.sealing_id}:%", "batch": BATCH}
    done = 0
    while rows := connection.execute(STALE_REVIEWS, sealing).fetchall():
        connection.execute(
            RESEAL_REVIEW,
            [
                {
                    "review_id": row.review_id,
                    "order_id": row.order_id,
                    "title": keys.seal(keys.open(row.title, TITLE), TITLE),
                    "comment": keys.seal(keys.open(row.comment, COMMENT), COMMENT),
                }
                for row in rows
            ],
        )
        done += len(rows)
    while rows := connection.execute(STALE_QUARANTINE, sealing).fetchall():
        connection.execute(
            RESEAL_QUARANTINE,
            [{"id": row.id, "record": json.dumps(_resealed(row.record, keys))} for row in rows],
        )
        done += len(rows)
    return done


def _resealed(record: dict, keys: TextKeys) -> dict:
    return {
        column: keys.seal(keys.open(value, column), column)
        if column in (TITLE, COMMENT) and value is not None
        else value
        for column, value in record.items()
    }
