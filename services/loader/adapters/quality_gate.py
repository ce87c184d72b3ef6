"""The quality gate over HTTP: the load's facts (its source profile and what each context
answered) to Quality's `POST /quality/assessments`, the gate's decision back."""

from __future__ import annotations

from datetime import datetime

import httpx
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from contracts.quality import DeliveryV1, FileProfileV1, LoadFactsV1
from services.loader.adapters.http_gateway import bearer, detail_of
from services.loader.application.load import GateOutcome, LoadSummary, RuleOutcome
from services.loader.domain.source_profile import SourceProfile

JUDGEMENT_SECONDS = 600  # 90 rules on the real data take ~1.5 s; a big warehouse longer


class QualityGateUnavailable(RuntimeError):
    pass


class HttpQualityGate:
    def __init__(self, quality_url: str, token: str | None = None) -> None:
        self._url, self._token = quality_url, token

    @retry(
        retry=retry_if_exception_type(httpx.TransportError),
        stop=stop_after_attempt(5),
        wait=wait_exponential(0.5, max=8),
        reraise=True,
    )
    async def judge(self, summary: LoadSummary) -> GateOutcome:
        async with httpx.AsyncClient(
            base_url=self._url, timeout=JUDGEMENT_SECONDS, headers=bearer(self._token)
        ) as client:
            response = await client.post(
                "/quality/assessments",
                content=facts_of(summary).model_dump_json(),
                headers={"Content-Type": "application/json"},
            )
        if response.is_error:
            raise QualityGateUnavailable(
                f"the quality service answered {response.status_code} to the load's facts:"
                f" {detail_of(response)}"
            )
        record = response.json()
        rules = tuple(
            RuleOutcome(r["rule"], r["target"], r["outcome"], r["checked"], r["failing"])
            for r in record["results"]
        )
        return GateOutcome(record["gate"], record["overall"], tuple(record["reasons"]), rules)


def facts_of(summary: LoadSummary) -> LoadFactsV1:
    """A file read for several contexts is profiled once: its key by the reading that had
    it, each critical field by the first reading that has it."""
    readings: dict[str, list[SourceProfile]] = {}
    for outcome in summary.files:
        readings.setdefault(outcome.profile.file, []).append(outcome.profile)
    deliveries = [
        DeliveryV1(
            file=o.totals.file,
            context=o.source.context,
            sent=o.totals.rows,
            accepted=o.accepted,
            quarantined=o.rejected,
        )
        for o in summary.files
    ]
    profiles = {file: _profile_of(found) for file, found in readings.items()}
    return LoadFactsV1(
        load_id=summary.load_id,
        window_to=_local(summary.window_to),
        profiles=profiles,
        deliveries=deliveries,
    )


def _profile_of(readings: list[SourceProfile]) -> FileProfileV1:
    keyed = next((r for r in readings if r.key is not None), readings[0])
    newest = next((r.newest for r in readings if r.event_time is not None), None)
    missing: dict[str, int] = {}
    for reading in readings:
        missing.update({column: reading.missing[column] for column in reading.critical})
    return FileProfileV1(
        rows=max(r.rows for r in readings),
        repeated_keys=keyed.repeated,
        repeated_samples=keyed.repeated_samples,
        missing=missing,
        newest=newest,
    )


def _local(time: str | None) -> datetime | None:
    """The window's end as Olist's event times are: local time without a zone."""
    return datetime.fromisoformat(time).replace(tzinfo=None) if time else None
