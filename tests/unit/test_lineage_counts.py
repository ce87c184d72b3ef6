"""What a batch of events tells dw_lineage: per load, table, event type and source file,
how many events fed the table."""

from __future__ import annotations

import uuid

import orjson

from contracts.decoding import decode
from services.reporting.application.projection import changes_from
from services.reporting.application.star_rows import LineageCount

SELLERS = "olist_sellers_dataset.csv"


def seller_event(seller_id: str, load_id: str, row: int | None, event_id: uuid.UUID | None = None):
    return decode(
        orjson.dumps(
            {
                "event_id": str(event_id or uuid.uuid4()),
                "event_type": "marketplace.seller.registered",
                "schema_version": 1,
                "occurred_at": "2016-01-01T00:00:00",
                "recorded_at": "2024-01-01T00:00:00+00:00",
                "load_id": load_id,
                "source": {"file": SELLERS, "row": row} if row else None,
                "payload": {
                    "seller_id": seller_id,
                    "zip_code_prefix": "01001",
                    "city": "sao paulo",
                    "state": "SP",
                },
            }
        )
    )


def test_a_batch_counts_events_per_load_table_event_type_and_source_file():
    changes = changes_from(
        [
            seller_event("s1", "load-1", 1),
            seller_event("s2", "load-1", 2),
            seller_event("s3", "load-2", 3),
            seller_event("s4", "load-2", None),
        ]
    )
    assert changes.lineage == [
        LineageCount("load-1", "dim_seller", "marketplace.seller.registered", SELLERS, 2),
        LineageCount("load-2", "dim_seller", "marketplace.seller.registered", "", 1),
        LineageCount("load-2", "dim_seller", "marketplace.seller.registered", SELLERS, 1),
    ]


def test_an_event_twice_in_a_batch_counts_once():
    same = uuid.uuid4()
    changes = changes_from(
        [seller_event("s1", "load-1", 1, same), seller_event("s1", "load-1", 1, same)]
    )
    assert [count.events for count in changes.lineage] == [1]


def test_events_the_star_schema_does_not_use_feed_no_table():
    delayed = decode(
        orjson.dumps(
            {
                "event_id": str(uuid.uuid4()),
                "event_type": "fulfillment.delivery.delayed",
                "schema_version": 1,
                "occurred_at": "2018-01-10T00:00:00",
                "recorded_at": "2024-01-01T00:00:00+00:00",
                "load_id": "load-1",
                "source": {"file": "olist_orders_dataset.csv", "row": 7},
                "payload": {
                    "order_id": "o1",
                    "estimated_at": "2018-01-05T00:00:00",
                    "delivered_at": "2018-01-10T00:00:00",
                    "days_late": 5,
                },
            }
        )
    )
    changes = changes_from([delayed])
    assert changes.lineage == []
    assert not changes
