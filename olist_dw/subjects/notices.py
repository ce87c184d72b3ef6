"""The notice an erasure sends to systems outside the warehouse: `privacy.subject.erased`
(contracts/privacy.py) on the stream of erasure notices, which keeps it only until each of
its consumers has acknowledged it."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from nats.js import JetStreamContext

from contracts.envelope import EventEnvelope, subject_for
from contracts.privacy import SUBJECT_ERASED, SubjectErasedV1
from olist_dw.subjects.people import Subject
from services.chassis.jetstream import ensure_erasure_notice_stream
from shared_kernel.identifiers import deterministic_id

VERSION = 1


def notice_of(subject: Subject, tag: str, now: datetime) -> EventEnvelope[SubjectErasedV1]:
    return EventEnvelope[SubjectErasedV1](
        event_id=UUID(deterministic_id(SUBJECT_ERASED, VERSION, tag)),  # one per person
        event_type=SUBJECT_ERASED,
        schema_version=VERSION,
        occurred_at=now,
        recorded_at=now,
        load_id="subject-erase",
        payload=SubjectErasedV1(people=subject.people, orders=list(subject.orders), erasure=tag),
    )


async def send_erasure_notice(js: JetStreamContext, subject: Subject, tag: str) -> None:
    notice = notice_of(subject, tag, datetime.now(UTC))
    await ensure_erasure_notice_stream(js)  # made by Customer at its start; kept if so
    await js.publish(
        subject_for(SUBJECT_ERASED, VERSION),
        notice.model_dump_json().encode(),
        headers={"Nats-Msg-Id": str(notice.event_id)},
    )
