"""The Jobs' outcomes: each command writes one JSON object to its termination message
(`--summary-file /dev/termination-log`); these are read into typed summaries here. A
message that is not such an object is a SummaryInvalid saying what is wrong (the handlers
put it on a condition), never a crash. docs/operator.md lists the keys."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from k8s_operator.timestamps import TimestampInvalid, format_time, optional_time, parse_time

EXCERPT = 120


class SummaryInvalid(ValueError):
    pass


@dataclass(frozen=True)
class LoadSummary:
    load_id: str
    source_rows: int
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    events: int
    seconds: float
    window_from: datetime | None
    window_to: datetime | None


@dataclass(frozen=True)
class BackupSummary:
    backup_id: str
    begin_time: datetime
    end_time: datetime
    last_archived_wal_time: datetime | None
    size_bytes: int


@dataclass(frozen=True)
class DrillSummary:
    backup_id: str
    recovered_to: str | None  # a time (RFC 3339), or the target said in words (a restore point)
    restore_seconds: float
    verify_seconds: float
    rto_seconds: float
    verified: bool
    mismatches: int
    mismatched: tuple[str, ...]  # what differed, when the drill named it


@dataclass(frozen=True)
class WalStreamReport:
    """`GET /wal` of `olist-dw backup stream` (olist_dw/backup/streaming.py)."""

    streaming: bool
    recoverable_until: datetime | None
    receiver_restarts: int
    last_error: str | None


def load_summary(message: str | None) -> LoadSummary:
    record = _record(message)
    return LoadSummary(
        load_id=_str(record, "load_id"),
        source_rows=_count(record, "source_rows"),
        rows_read=_count(record, "rows_read"),
        rows_accepted=_count(record, "rows_accepted"),
        rows_rejected=_count(record, "rows_rejected"),
        events=_count(record, "events"),
        seconds=_seconds(record, "seconds"),
        window_from=_optional_time(record, "window_from"),
        window_to=_optional_time(record, "window_to"),
    )


def backup_summary(message: str | None) -> BackupSummary:
    record = _record(message)
    return BackupSummary(
        backup_id=_str(record, "backup_id"),
        begin_time=_time(record, "begin_time"),
        end_time=_time(record, "end_time"),
        last_archived_wal_time=_optional_time(record, "last_archived_wal_time"),
        size_bytes=_count(record, "size_bytes"),
    )


def drill_summary(message: str | None) -> DrillSummary:
    record = _record(message)
    verified = record.get("verified")
    if not isinstance(verified, bool):
        raise SummaryInvalid(f"verified is {verified!r}, not true or false")
    mismatches = record.get("mismatches", 0)
    if isinstance(mismatches, list):
        mismatched = tuple(str(m) for m in mismatches)
        count = len(mismatched)
    elif isinstance(mismatches, int) and not isinstance(mismatches, bool) and mismatches >= 0:
        mismatched, count = (), mismatches
    else:
        raise SummaryInvalid(f"mismatches is {mismatches!r}, not a list or a count")
    return DrillSummary(
        backup_id=_str(record, "backup_id"),
        recovered_to=_target(record, "recovered_to"),
        restore_seconds=_seconds(record, "restore_seconds"),
        verify_seconds=_seconds(record, "verify_seconds"),
        rto_seconds=_seconds(record, "rto_seconds"),
        verified=verified,
        mismatches=count,
        mismatched=mismatched,
    )


def wal_stream_report(text: str | None) -> WalStreamReport:
    record = _record(text)
    streaming = _required(record, "streaming")
    if not isinstance(streaming, bool):
        raise SummaryInvalid(f"streaming is {streaming!r}, not true or false")
    error = record.get("last_error")
    return WalStreamReport(
        streaming=streaming,
        recoverable_until=_optional_time(record, "recoverable_until"),
        receiver_restarts=_count(record, "receiver_restarts"),
        last_error=error if isinstance(error, str) and error else None,
    )


def termination_message(
    pods: Sequence[Mapping[str, Any]], container: str, *, succeeded: bool
) -> str | None:
    """The message of the Job's container: of the pod that succeeded (exit code 0), or of
    the last one that ended when the Job failed (its log tail, FallbackToLogsOnError)."""
    ended = []
    for pod in pods:
        for status in (pod.get("status") or {}).get("containerStatuses") or []:
            if status.get("name") != container:
                continue
            terminated = (status.get("state") or {}).get("terminated") or (
                status.get("lastState") or {}
            ).get("terminated")
            if terminated:
                ended.append(terminated)
    if succeeded:
        ended = [t for t in ended if t.get("exitCode") == 0]
    if not ended:
        return None
    last = max(ended, key=lambda t: str(t.get("finishedAt") or ""))
    message = last.get("message")
    return message if isinstance(message, str) else None


def excerpt(message: str | None) -> str:
    if not message:
        return "(empty)"
    text = " ".join(message.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 3] + "..."


def _record(message: str | None) -> Mapping[str, Any]:
    if message is None or not message.strip():
        raise SummaryInvalid("the Job's container left no termination message")
    try:
        record = json.loads(message)
    except json.JSONDecodeError as error:
        raise SummaryInvalid(
            f"the termination message is not JSON ({error.msg} at character {error.pos}): "
            f"{excerpt(message)}"
        ) from None
    if not isinstance(record, dict):
        raise SummaryInvalid(f"the termination message is not a JSON object: {excerpt(message)}")
    return record


def _required(record: Mapping[str, Any], key: str) -> Any:
    value = record.get(key)
    if value is None:
        raise SummaryInvalid(f"the summary has no {key}")
    return value


def _str(record: Mapping[str, Any], key: str) -> str:
    value = _required(record, key)
    if not isinstance(value, str) or not value:
        raise SummaryInvalid(f"{key} is {value!r}, not a name")
    return value


def _count(record: Mapping[str, Any], key: str) -> int:
    value = _required(record, key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SummaryInvalid(f"{key} is {value!r}, not a count")
    return value


def _seconds(record: Mapping[str, Any], key: str) -> float:
    value = _required(record, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise SummaryInvalid(f"{key} is {value!r}, not a number of seconds")
    return float(value)


def _time(record: Mapping[str, Any], key: str) -> datetime:
    value = _required(record, key)
    if not isinstance(value, str):
        raise SummaryInvalid(f"{key} is {value!r}, not a time")
    try:
        return parse_time(value)
    except TimestampInvalid as error:
        raise SummaryInvalid(f"{key}: {error}") from None


def _target(record: Mapping[str, Any], key: str) -> str | None:
    """A recovery target: a time (normalized), or what the drill called it."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SummaryInvalid(f"{key} is {value!r}, not a time or a name")
    try:
        return format_time(parse_time(value))
    except TimestampInvalid:
        return value


def _optional_time(record: Mapping[str, Any], key: str) -> datetime | None:
    try:
        return optional_time(record.get(key))
    except TimestampInvalid as error:
        raise SummaryInvalid(f"{key}: {error}") from None
