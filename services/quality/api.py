"""Quality's API: the loader hands a load over for judgement; everyone reads the reports,
the latest score and a rule's trend."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from contracts.quality import LoadFactsV1
from services.chassis.auth.policy import READERS, WRITERS, allow
from services.chassis.settings import ServiceSettings
from services.quality.adapters.postgres_tables import PostgresTables, read_only
from services.quality.adapters.report_history import PostgresReportHistory
from services.quality.application.judgement import judge
from services.quality.application.ports import Delivery, FileProfile, LoadFacts
from services.quality.domain.report import QualityGate
from services.quality.domain.ruleset import DEFAULT_RULESET

Limit = Annotated[int, Query(ge=1, le=1000)]


def router(engine: Engine, settings: ServiceSettings) -> APIRouter:
    api = APIRouter(prefix="/quality", tags=["quality"])
    history = PostgresReportHistory(engine)
    conninfo = make_url(settings.database_url).set(drivername="postgresql")
    measured = conninfo.render_as_string(hide_password=False)

    def judged(facts: LoadFactsV1) -> dict[str, Any]:
        with read_only(measured) as connection:
            return judge(
                facts_of(facts), PostgresTables(connection), history, DEFAULT_RULESET, QualityGate()
            )

    @api.post("/assessments", dependencies=[allow(*WRITERS)])
    async def assessment(facts: LoadFactsV1) -> dict[str, Any]:
        """Judge a load the warehouse has applied: its report, kept, and the gate's decision
        (published as quality.gate.passed or quality.gate.failed)."""
        return await run_in_threadpool(judged, facts)

    @api.get("/reports", dependencies=[allow(*READERS)])
    async def reports(limit: Limit = 50) -> list[dict[str, Any]]:
        """The loads judged, newest first: gate, overall score and scores per dimension."""
        return await run_in_threadpool(history.reports, limit)

    @api.get("/reports/{load_id}", dependencies=[allow(*READERS)])
    async def report(load_id: str) -> dict[str, Any]:
        """A load's report: every rule's result with samples, the scores and the gate."""
        found = await run_in_threadpool(history.report, load_id)
        if found is None:
            raise HTTPException(404, f"no quality report of load {load_id}")
        return found

    @api.get("/score", dependencies=[allow(*READERS)])
    async def score() -> dict[str, Any]:
        """The last load judged: its gate, overall score and scores per dimension."""
        newest = await run_in_threadpool(history.reports, 1)
        if not newest:
            raise HTTPException(404, "no load judged yet")
        return newest[0]

    @api.get("/rules/{rule}/trend", dependencies=[allow(*READERS)])
    async def trend(rule: str, limit: Limit = 50) -> list[dict[str, Any]]:
        """A rule's result in each of the last loads, oldest first."""
        if rule not in {r.name for r in DEFAULT_RULESET.rules}:
            raise HTTPException(404, f"no rule {rule} in ruleset v{DEFAULT_RULESET.version}")
        return await run_in_threadpool(history.trend, rule, limit)

    return api


def facts_of(facts: LoadFactsV1) -> LoadFacts:
    profiles = {
        file: FileProfile(
            file,
            p.rows,
            p.repeated_keys,
            tuple(p.repeated_samples),
            dict(p.missing),
            _time(p.newest),
        )
        for file, p in facts.profiles.items()
    }
    deliveries = [
        Delivery(d.file, d.context, d.sent, d.accepted, d.quarantined) for d in facts.deliveries
    ]
    return LoadFacts(facts.load_id, profiles, deliveries, facts.window_to)


def _time(text: str | None) -> datetime | None:
    """An event time as the file has it (local Brazilian time, no zone); None if unreadable
    (that row is quarantined, and counted there)."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
