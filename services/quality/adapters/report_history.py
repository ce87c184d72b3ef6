"""The reports kept in the quality schema, each with its gate's decision recorded in the
outbox in the same transaction (relayed to the stream QUALITY: contracts/quality.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, text

from contracts.envelope import EventEnvelope, subject_for
from contracts.quality import GATE_FAILED, GATE_PASSED, GateDecidedV1
from services.chassis import outbox
from services.chassis.jetstream import OutboundMessage
from services.quality.adapters.report_record import record_of
from services.quality.application.assessment import Assessment
from shared_kernel.identifiers import deterministic_id

SCHEMA = "quality"
VERSION = 1
SUMMARY = "load_id, gate, overall::text AS overall, judged_at, record->'scores' AS scores"


class PostgresReportHistory:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def keep(self, assessment: Assessment) -> dict[str, Any]:
        record = record_of(assessment)
        with self._engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO quality.report (load_id, ruleset_version, gate, overall, record)"
                    " VALUES (:load_id, :version, :gate, :overall, CAST(:record AS jsonb))"
                    " ON CONFLICT (load_id) DO UPDATE SET ruleset_version = excluded.ruleset_version,"
                    " gate = excluded.gate, overall = excluded.overall, record = excluded.record,"
                    " judged_at = now()"
                ),
                {
                    "load_id": record["load_id"],
                    "version": record["ruleset_version"],
                    "gate": record["gate"],
                    "overall": record["overall"],
                    "record": json.dumps(record),
                },
            )
            connection.execute(
                text("DELETE FROM quality.rule_result WHERE load_id = :load_id"),
                {"load_id": record["load_id"]},
            )
            connection.execute(
                text(
                    "INSERT INTO quality.rule_result (rule, load_id, outcome, checked, failing)"
                    " VALUES (:rule, :load_id, :outcome, :checked, :failing)"
                ),
                [{**_result_row(r), "load_id": record["load_id"]} for r in record["results"]],
            )
            outbox.append(connection, SCHEMA, [decision_of(record)])
        return record

    def report(self, load_id: str) -> dict[str, Any] | None:
        with self._engine.connect() as connection:
            return connection.execute(
                text("SELECT record FROM quality.report WHERE load_id = :load_id"),
                {"load_id": load_id},
            ).scalar_one_or_none()

    def reports(self, limit: int) -> list[dict[str, Any]]:
        """The newest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                text(f"SELECT {SUMMARY} FROM quality.report ORDER BY judged_at DESC LIMIT :n"),
                {"n": limit},
            )
            return [dict(row._mapping) for row in rows]

    def trend(self, rule: str, limit: int) -> list[dict[str, Any]]:
        """The rule's result in each of the last `limit` loads, oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT * FROM (SELECT r.load_id, p.judged_at, r.outcome, r.checked, r.failing"
                    " FROM quality.rule_result r JOIN quality.report p USING (load_id)"
                    " WHERE r.rule = :rule ORDER BY p.judged_at DESC LIMIT :n) newest"
                    " ORDER BY judged_at"
                ),
                {"rule": rule, "n": limit},
            )
            return [dict(row._mapping) for row in rows]


def _result_row(result: dict[str, Any]) -> dict[str, Any]:
    return {k: result[k] for k in ("rule", "outcome", "checked", "failing")}


def decision_of(record: dict[str, Any]) -> OutboundMessage:
    """`quality.gate.passed` (also for a gate that warned) or `quality.gate.failed`; one
    event per load and decision, so a load judged again the same way publishes nothing new."""
    event_type = GATE_FAILED if record["gate"] == "failed" else GATE_PASSED
    now = datetime.now(UTC)
    payload = GateDecidedV1(
        load_id=record["load_id"],
        gate=record["gate"],
        overall=record["overall"],
        scores=record["scores"],
        reasons=record["reasons"],
        failed_rules=[r["rule"] for r in record["results"] if r["outcome"] == "failed"],
        ruleset_version=record["ruleset_version"],
    )
    event_id = deterministic_id(event_type, VERSION, record["load_id"], payload.model_dump_json())
    envelope = EventEnvelope[GateDecidedV1](
        event_id=UUID(event_id),
        event_type=event_type,
        schema_version=VERSION,
        occurred_at=now,
        recorded_at=now,
        load_id=record["load_id"],
        payload=payload,
    )
    return OutboundMessage(
        str(envelope.event_id),
        subject_for(event_type, VERSION),
        envelope.model_dump_json().encode(),
    )
