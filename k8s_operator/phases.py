"""Where a Job is (Pending, Running, Succeeded, Failed), read from its status, and which of
an owner's Jobs its status should show: the one it shows already, or a newer one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from k8s_operator.resources import OWNER_KIND_LABEL, OWNER_NAME_ANNOTATION, OWNER_UID_LABEL
from k8s_operator.timestamps import TimestampInvalid, optional_time


class Phase(StrEnum):
    PENDING = "Pending"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"

    @property
    def final(self) -> bool:
        return self in (Phase.SUCCEEDED, Phase.FAILED)


@dataclass(frozen=True)
class JobView:
    """What the operator needs of a Job."""

    name: str
    namespace: str | None
    phase: Phase
    created: datetime | None = None
    start_time: datetime | None = None
    completion_time: datetime | None = None  # when it succeeded or failed
    reason: str | None = None  # why it failed (BackoffLimitExceeded, DeadlineExceeded, ...)
    message: str | None = None
    arguments: tuple[str, ...] = ()
    owner_kind: str | None = None  # plural, e.g. warehouseloads
    owner_uid: str | None = None
    owner_name: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)


def job_view(job: Mapping[str, Any]) -> JobView:
    metadata = job.get("metadata") or {}
    status = job.get("status") or {}
    labels = dict(metadata.get("labels") or {})
    annotations = metadata.get("annotations") or {}
    conditions = {
        c.get("type"): c
        for c in status.get("conditions") or []
        if isinstance(c, Mapping) and c.get("status") == "True"
    }
    phase, final = Phase.PENDING, None
    if "Complete" in conditions:
        phase, final = Phase.SUCCEEDED, conditions["Complete"]
    elif "Failed" in conditions:
        phase, final = Phase.FAILED, conditions["Failed"]
    elif (status.get("active") or 0) > 0:
        phase = Phase.RUNNING
    completion = _time(status.get("completionTime"))
    if final is not None and completion is None:
        completion = _time(final.get("lastTransitionTime"))
    return JobView(
        name=metadata.get("name", ""),
        namespace=metadata.get("namespace"),
        phase=phase,
        created=_time(metadata.get("creationTimestamp")),
        start_time=_time(status.get("startTime")),
        completion_time=completion if phase.final else None,
        reason=final.get("reason") if final is not None and phase is Phase.FAILED else None,
        message=final.get("message") if final is not None and phase is Phase.FAILED else None,
        arguments=tuple(_arguments(job)),
        owner_kind=labels.get(OWNER_KIND_LABEL),
        owner_uid=labels.get(OWNER_UID_LABEL),
        owner_name=annotations.get(OWNER_NAME_ANNOTATION),
        labels=labels,
    )


def shows(status: Mapping[str, Any], job: JobView) -> bool:
    """Should a status that shows `status.jobName` (started at `status.startTime`) show this
    Job? Yes for the same Job, and for a newer one (a CronJob's next run), not for an older
    one (an event replayed after a restart)."""
    current = status.get("jobName")
    if not current or current == job.name:
        return True
    shown_start = _time(status.get("startTime"))
    started = job.start_time or job.created
    return shown_start is None or (started is not None and started >= shown_start)


def recorded(status: Mapping[str, Any], job: JobView) -> bool:
    """Has the status already taken this Job's final outcome?"""
    return bool(
        status.get("jobName") == job.name
        and status.get("phase") == job.phase.value
        and job.phase.final
        and status.get("completionTime")
    )


def newest_job(jobs: Sequence[JobView]) -> JobView | None:
    """The most recently started (or created) Job."""
    dated = [j for j in jobs if (j.start_time or j.created) is not None]
    if not dated:
        return jobs[-1] if jobs else None
    return max(dated, key=lambda j: j.start_time or j.created or datetime.min)


def _arguments(job: Mapping[str, Any]) -> list[str]:
    template = ((job.get("spec") or {}).get("template") or {}).get("spec") or {}
    containers = template.get("containers") or []
    if not containers:
        return []
    first = containers[0]
    return [*(first.get("command") or []), *(first.get("args") or [])]


def _time(value: object) -> datetime | None:
    try:
        return optional_time(value)
    except TimestampInvalid:
        return None
