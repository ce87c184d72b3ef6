"""What each resource's status becomes when one of its Jobs moves on (started, succeeded,
failed), and what the timers re-decide as time passes (Fresh, RPOCompliant): plain dicts
to merge-patch into `.status`, from the current status, the Job, its termination message
and the time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from k8s_operator import conditions
from k8s_operator.conditions import Condition
from k8s_operator.phases import JobView, Phase
from k8s_operator.summaries import (
    SummaryInvalid,
    WalStreamReport,
    backup_summary,
    drill_summary,
    excerpt,
    load_summary,
)
from k8s_operator.timestamps import TimestampInvalid, format_time, optional_time
from k8s_operator.windows import LastLoad, last_load, window_of_arguments

Status = Mapping[str, Any]
Patch = dict[str, Any]


def run(job: JobView) -> Patch:
    """Which Job the status shows, and where it is."""
    return {
        "phase": job.phase.value,
        "jobName": job.name,
        "startTime": _format(job.start_time),
        "completionTime": _format(job.completion_time),
    }


def failure_message(job: JobView, message: str | None) -> str:
    said = f"the Job failed ({job.reason or 'Failed'}"
    said += f": {job.message})" if job.message else ")"
    if message:
        said += f"; its container said: {excerpt(message)}"
    return said


# WarehouseLoad --------------------------------------------------------------------------


def load_status(
    status: Status, job: JobView, message: str | None, target: timedelta, now: datetime
) -> Patch:
    patch = run(job)
    updates: list[Condition] = []
    last = last_load(status)
    if job.phase is Phase.SUCCEEDED:
        assert job.completion_time is not None
        requested = window_of_arguments(job.arguments)
        try:
            summary = load_summary(message)
        except SummaryInvalid as error:
            updates.append(conditions.summary_read(f"{error}"))
            load_id, window_from, window_to = None, requested.start, requested.end
        else:
            updates.append(conditions.summary_read(None))
            patch |= {
                "loadId": summary.load_id,
                "sourceRows": summary.source_rows,
                "rowsRead": summary.rows_read,
                "rowsAccepted": summary.rows_accepted,
                "rowsRejected": summary.rows_rejected,
                "events": summary.events,
                "loadSeconds": summary.seconds,
            }
            load_id = summary.load_id
            window_from = summary.window_from or requested.start
            window_to = summary.window_to or requested.end
        last = LastLoad(job.completion_time, job.start_time, load_id, window_from, window_to)
        patch["lastSuccessfulLoad"] = last.record()
        patch["message"] = f"load {load_id or '(unknown id)'} succeeded"
    elif job.phase is Phase.FAILED:
        patch["message"] = failure_message(job, message)
    else:
        patch["message"] = f"Job {job.name} is {job.phase.value.lower()}"
    updates.append(conditions.fresh(last.completion_time if last else None, target, now))
    patch["conditions"] = conditions.merged(status.get("conditions"), updates, now)
    return patch


def freshness(status: Status, target: timedelta, now: datetime) -> Patch | None:
    """The Fresh condition as of now; None when the conditions would not change."""
    last = last_load(status)
    condition = conditions.fresh(last.completion_time if last else None, target, now)
    return _conditions_patch(status, condition, now)


# BackupSchedule -------------------------------------------------------------------------


def backup_status(
    status: Status, job: JobView, message: str | None, target: timedelta, now: datetime
) -> Patch:
    last_run: Patch = run(job)
    patch: Patch = {"lastRun": last_run}
    updates: list[Condition] = []
    if job.phase is Phase.SUCCEEDED:
        try:
            summary = backup_summary(message)
        except SummaryInvalid as error:
            updates.append(conditions.summary_read(f"{error}"))
            last_run["message"] = f"the backup succeeded, but its summary is unreadable: {error}"
        else:
            updates.append(conditions.summary_read(None))
            patch["lastBackup"] = {
                "id": summary.backup_id,
                "beginTime": format_time(summary.begin_time),
                "endTime": format_time(summary.end_time),
                "sizeBytes": summary.size_bytes,
            }
            wal = _latest(_time(status.get("lastArchivedWal")), summary.last_archived_wal_time)
            if wal is not None:
                patch["lastArchivedWal"] = format_time(wal)
            last_run["message"] = f"backup {summary.backup_id} succeeded"
    elif job.phase is Phase.FAILED:
        last_run["message"] = failure_message(job, message)
    else:
        last_run["message"] = f"Job {job.name} is {job.phase.value.lower()}"
    merged_status = {**status, **patch}
    updates.append(_rpo_condition(merged_status, target, now))
    patch["conditions"] = conditions.merged(status.get("conditions"), updates, now)
    return patch


def rpo(status: Status, target: timedelta, now: datetime) -> Patch | None:
    return _conditions_patch(status, _rpo_condition(status, target, now), now)


def wal_stream(
    status: Status,
    report: WalStreamReport | None,
    problem: str | None,
    target: timedelta,
    now: datetime,
) -> Patch | None:
    """What the WAL stream said (or why it could not be asked): `walStream`, the newest
    recoverable point into `lastArchivedWal`, and RPOCompliant as of now."""
    patch: Patch = {"walStream": _wal_stream(report, problem)}
    if report is not None:
        wal = _latest(_time(status.get("lastArchivedWal")), report.recoverable_until)
        if wal is not None:
            patch["lastArchivedWal"] = format_time(wal)
    merged_status = {**status, **patch}
    condition = _rpo_condition(merged_status, target, now)
    patch["conditions"] = conditions.merged(status.get("conditions"), [condition], now)
    changed = {key: value for key, value in patch.items() if status.get(key) != value}
    return changed or None


def _wal_stream(report: WalStreamReport | None, problem: str | None) -> Patch:
    if report is None:
        return {"streaming": False, "message": f"the WAL stream did not answer: {problem}"}
    said: Patch = {"streaming": report.streaming, "receiverRestarts": report.receiver_restarts}
    if report.recoverable_until is not None:
        said["recoverableUntil"] = format_time(report.recoverable_until)
    if report.streaming:
        said["message"] = "streaming"
    else:
        said["message"] = f"not streaming: {report.last_error or 'the receiver is not connected'}"
    return said


def _rpo_condition(status: Status, target: timedelta, now: datetime) -> Condition:
    last_backup = status.get("lastBackup")
    end = _time(last_backup.get("endTime")) if isinstance(last_backup, Mapping) else None
    return conditions.rpo_compliant(end, _time(status.get("lastArchivedWal")), target, now)


# RestoreDrill ---------------------------------------------------------------------------


def drill_status(
    status: Status, job: JobView, message: str | None, target: timedelta, now: datetime
) -> Patch:
    """A drill that found mismatches fails its Job (exit 1) but still writes its summary:
    whatever the Job's outcome, a readable summary is recorded."""
    patch = run(job)
    updates: list[Condition] = []
    if job.phase.final:
        try:
            summary = drill_summary(message)
        except SummaryInvalid as error:
            if job.phase is Phase.SUCCEEDED:
                problem = f"{error}"
                updates.append(conditions.summary_read(problem))
                patch["message"] = f"the drill ended, but its summary is unreadable: {error}"
                reason = "SummaryInvalid"
            else:
                problem = failure_message(job, message)
                patch["message"] = problem
                reason = "DrillFailed"
            updates += [
                conditions.failed(conditions.VERIFIED, reason, problem),
                conditions.failed(conditions.RTO_COMPLIANT, reason, problem),
            ]
        else:
            updates += [
                conditions.summary_read(None),
                conditions.verified(summary.verified, summary.mismatches, summary.mismatched),
                conditions.rto_compliant(summary.rto_seconds, summary.verified, target),
            ]
            patch |= {
                "backupId": summary.backup_id,
                "recoveredTo": summary.recovered_to,
                "restoreSeconds": summary.restore_seconds,
                "verifySeconds": summary.verify_seconds,
                "rtoSeconds": summary.rto_seconds,
                "verified": summary.verified,
                "mismatches": summary.mismatches,
                "message": (
                    f"restored backup {summary.backup_id} to {summary.recovered_to or 'the newest point'} "
                    f"in {summary.rto_seconds:.0f} s"
                    + (
                        ""
                        if summary.verified
                        else f", NOT verified ({summary.mismatches} mismatch(es))"
                    )
                ),
            }
    else:
        patch["message"] = f"Job {job.name} is {job.phase.value.lower()}"
    if updates:
        patch["conditions"] = conditions.merged(status.get("conditions"), updates, now)
    return patch


# ----------------------------------------------------------------------------------------


def _conditions_patch(status: Status, condition: Condition, now: datetime) -> Patch | None:
    current = status.get("conditions")
    updated = conditions.merged(current, [condition], now)
    if updated == [dict(c) for c in current or []]:
        return None
    return {"conditions": updated}


def _time(value: object) -> datetime | None:
    try:
        return optional_time(value)
    except TimestampInvalid:
        return None


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _format(moment: datetime | None) -> str | None:
    return format_time(moment) if moment is not None else None
