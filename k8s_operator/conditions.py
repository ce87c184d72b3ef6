"""The resources' conditions, decided here: Fresh (WarehouseLoad), RPOCompliant
(BackupSchedule), Verified and RTOCompliant (RestoreDrill), SummaryRead (all three), as
Kubernetes condition dicts. A condition keeps its lastTransitionTime while its status stays
what it was; only a change of status moves it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from k8s_operator.durations import format_duration
from k8s_operator.timestamps import format_time

FRESH = "Fresh"
RPO_COMPLIANT = "RPOCompliant"
VERIFIED = "Verified"
RTO_COMPLIANT = "RTOCompliant"
SUMMARY_READ = "SummaryRead"


@dataclass(frozen=True)
class Condition:
    type: str
    status: bool | None  # None: Unknown
    reason: str
    message: str

    @property
    def status_text(self) -> str:
        return "Unknown" if self.status is None else str(self.status)


def merged(
    existing: Sequence[Mapping[str, Any]] | None, updates: Sequence[Condition], now: datetime
) -> list[dict[str, Any]]:
    """The conditions with `updates` applied: each replaces the one of its type (keeping
    that one's lastTransitionTime if its status did not change), new types at the end."""
    result = [dict(c) for c in existing or [] if isinstance(c, Mapping)]
    for update in updates:
        fresh = {
            "type": update.type,
            "status": update.status_text,
            "reason": update.reason,
            "message": update.message,
            "lastTransitionTime": format_time(now),
        }
        for index, current in enumerate(result):
            if current.get("type") == update.type:
                if current.get("status") == fresh["status"] and current.get("lastTransitionTime"):
                    fresh["lastTransitionTime"] = current["lastTransitionTime"]
                result[index] = fresh
                break
        else:
            result.append(fresh)
    return result


def status_of(conditions: Sequence[Mapping[str, Any]] | None, kind: str) -> str | None:
    for condition in conditions or []:
        if condition.get("type") == kind:
            status = condition.get("status")
            return status if isinstance(status, str) else None
    return None


def fresh(last_success: datetime | None, target: timedelta, now: datetime) -> Condition:
    """True while the newest successful load is younger than the freshness target."""
    if last_success is None:
        return Condition(FRESH, False, "NeverLoaded", "no load has succeeded yet")
    # the message names times, not ages: it stays the same from one check to the next
    said = (
        f"the last successful load ended at {format_time(last_success)}; "
        f"freshness target {format_duration(target)}"
    )
    if now - last_success <= target:
        return Condition(FRESH, True, "WithinTarget", said)
    return Condition(FRESH, False, "Stale", said)


def rpo_compliant(
    last_backup_end: datetime | None,
    last_archived_wal: datetime | None,
    target: timedelta,
    now: datetime,
) -> Condition:
    """What a disaster now would lose is what came after the newest recoverable point: the
    end of the last good base backup or, later, the newest archived WAL (which restores only
    on top of a base backup, so without one nothing is recoverable)."""
    if last_backup_end is None:
        return Condition(RPO_COMPLIANT, False, "NoBackup", "no base backup has succeeded yet")
    newest = max(t for t in (last_backup_end, last_archived_wal) if t is not None)
    what = "archived WAL" if newest != last_backup_end else "end of the last base backup"
    said = (
        f"newest recoverable point ({what}) at {format_time(newest)}; last base backup "
        f"ended at {format_time(last_backup_end)}; RPO target {format_duration(target)}"
    )
    if now - newest <= target:
        return Condition(RPO_COMPLIANT, True, "WithinTarget", said)
    return Condition(RPO_COMPLIANT, False, "RPOExceeded", said)


def verified(is_verified: bool, mismatches: int, mismatched: Sequence[str] = ()) -> Condition:
    if is_verified and mismatches == 0:
        return Condition(VERIFIED, True, "Verified", "the restored copy matches the warehouse")
    named = (
        f": {', '.join(mismatched[:5])}{' ...' if len(mismatched) > 5 else ''}"
        if mismatched
        else ""
    )
    if mismatches:
        return Condition(VERIFIED, False, "Mismatches", f"{mismatches} mismatch(es){named}")
    return Condition(VERIFIED, False, "NotVerified", "the drill could not verify the restored copy")


def rto_compliant(rto_seconds: float, is_verified: bool, target: timedelta) -> Condition:
    """True when the drill restored a verified copy within the RTO target."""
    took = format_duration(timedelta(seconds=rto_seconds))
    said = f"restored and verified in {took} (target {format_duration(target)})"
    if not is_verified:
        return Condition(
            RTO_COMPLIANT, False, "NotVerified", f"{said}, but the copy did not verify"
        )
    if rto_seconds <= target.total_seconds():
        return Condition(RTO_COMPLIANT, True, "WithinTarget", said)
    return Condition(RTO_COMPLIANT, False, "RTOExceeded", said)


def failed(kind: str, reason: str, message: str) -> Condition:
    """A condition that cannot be True because the Job failed."""
    return Condition(kind, False, reason, message)


def summary_read(problem: str | None) -> Condition:
    if problem is None:
        return Condition(SUMMARY_READ, True, "Read", "the Job's summary was read")
    return Condition(SUMMARY_READ, False, "SummaryInvalid", problem)
