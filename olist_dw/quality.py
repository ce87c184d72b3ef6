"""Quality's gate on a load run from here (`olist-dw load`, `make run`): the loader's facts
(its source profile and what each context answered) and the warehouse, judged by the default
ruleset; the report kept under `$OLIST_DW_HOME/quality/<load>.json`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from services.loader.application.load import GateOutcome, LoadSummary
from services.loader.domain.source_profile import SourceProfile
from services.quality.adapters.postgres_tables import PostgresTables, read_only
from services.quality.adapters.report_record import record_of
from services.quality.application.assessment import Assessment, assess
from services.quality.application.ports import Delivery, FileProfile, LoadFacts
from services.quality.domain.report import QualityGate
from services.quality.domain.ruleset import DEFAULT_RULESET

REPORTS = "quality"


def facts_of(summary: LoadSummary) -> LoadFacts:
    """A file read for several contexts is profiled once: its key by the reading that had
    it, each critical field by the first reading that has it."""
    readings: dict[str, list[SourceProfile]] = {}
    for outcome in summary.files:
        readings.setdefault(outcome.profile.file, []).append(outcome.profile)
    profiles = {file: _profile_of(file, found) for file, found in readings.items()}
    deliveries = [
        Delivery(o.totals.file, o.source.context, o.totals.rows, o.accepted, o.rejected)
        for o in summary.files
    ]
    return LoadFacts(summary.load_id, profiles, deliveries)


def _profile_of(file: str, readings: list[SourceProfile]) -> FileProfile:
    keyed = next((r for r in readings if r.key is not None), readings[0])
    missing: dict[str, int] = {}
    for reading in readings:
        missing.update({column: reading.missing[column] for column in reading.critical})
    return FileProfile(
        file,
        max(r.rows for r in readings),
        keyed.repeated,
        tuple(keyed.repeated_samples),
        missing,
    )


def assess_load(database_url: str, summary: LoadSummary) -> Assessment:
    with read_only(database_url) as connection:
        return assess(facts_of(summary), PostgresTables(connection), DEFAULT_RULESET, QualityGate())


def report_path(home: Path, load_id: str) -> Path:
    return home / REPORTS / f"{load_id}.json"


def saved_reports(home: Path) -> list[dict[str, Any]]:
    """Every report kept, oldest first."""
    folder = home / REPORTS
    paths = (
        sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.exists() else []
    )
    return [json.loads(p.read_text()) for p in paths]


class LocalQualityGate:
    """The loader's quality port, in-process against the local warehouse."""

    def __init__(self, database_url: str, home: Path) -> None:
        self._database_url, self._home = database_url, home

    async def judge(self, summary: LoadSummary) -> GateOutcome:
        assessment = await asyncio.to_thread(assess_load, self._database_url, summary)
        record = record_of(assessment)
        path = report_path(self._home, summary.load_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n")
        return GateOutcome(record["gate"], record["overall"], tuple(record["reasons"]))
