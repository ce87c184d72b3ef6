"""What a finished Job makes of its resource's status, and what the timers re-decide."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from k8s_operator import statuses
from k8s_operator.phases import JobView, Phase
from k8s_operator.summaries import WalStreamReport

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
START, END = NOW - timedelta(hours=1), NOW - timedelta(minutes=30)
SUCCEEDED = JobView("wl-load", "ns", Phase.SUCCEEDED, start_time=START, completion_time=END,
                    arguments=("olist-dw", "load", "--from", "2018-01-01T00:00:00"))  # fmt: skip
FAILED = JobView("wl-load", "ns", Phase.FAILED, start_time=START, completion_time=END,
                 reason="DeadlineExceeded", message="Job was active longer than specified deadline")  # fmt: skip
LOAD = {"load_id": "l1", "source_rows": 1, "rows_read": 2, "rows_accepted": 2, "rows_rejected": 0,
        "events": 3, "seconds": 1.0, "window_from": None, "window_to": None}  # fmt: skip


def kinds(patch: dict[str, object]) -> dict[str, str]:
    return {c["type"]: c["status"] for c in patch["conditions"]}  # type: ignore[attr-defined, index]


def test_a_succeeded_load_records_its_counts_and_its_window() -> None:
    patch = statuses.load_status({}, SUCCEEDED, json.dumps(LOAD), timedelta(hours=4), NOW)
    assert patch["phase"] == "Succeeded" and patch["rowsAccepted"] == 2
    assert patch["completionTime"] == "2026-12-07T11:30:00Z"
    assert patch["lastSuccessfulLoad"] == {
        "loadId": "l1",
        "startTime": "2026-12-07T11:00:00Z",
        "completionTime": "2026-12-07T11:30:00Z",
        "windowFrom": "2018-01-01T00:00:00Z",  # what the Job asked for, as the summary has none
        "windowTo": None,
    }
    assert kinds(patch) == {"SummaryRead": "True", "Fresh": "True"}


def test_a_malformed_summary_still_records_the_success() -> None:
    patch = statuses.load_status({}, SUCCEEDED, "oops", timedelta(hours=4), NOW)
    assert patch["phase"] == "Succeeded" and "rowsRead" not in patch
    assert patch["lastSuccessfulLoad"]["loadId"] is None  # type: ignore[index]
    assert kinds(patch) == {"SummaryRead": "False", "Fresh": "True"}


def test_a_failed_load_keeps_the_last_success() -> None:
    earlier = statuses.load_status({}, SUCCEEDED, json.dumps(LOAD), timedelta(hours=4), NOW)
    patch = statuses.load_status(earlier, FAILED, "error: boom", timedelta(hours=4), NOW)
    assert patch["phase"] == "Failed" and "lastSuccessfulLoad" not in patch
    assert "DeadlineExceeded" in patch["message"] and "boom" in patch["message"]  # type: ignore[operator]
    assert kinds(patch)["Fresh"] == "True"  # from the earlier success


def test_the_freshness_check_patches_only_a_change() -> None:
    status = statuses.load_status({}, SUCCEEDED, json.dumps(LOAD), timedelta(hours=4), NOW)
    assert statuses.freshness(status, timedelta(hours=4), NOW + timedelta(hours=1)) is None
    later = statuses.freshness(status, timedelta(hours=4), NOW + timedelta(hours=5))
    assert later is not None and kinds(later)["Fresh"] == "False"


BACKUP = {"backup_id": "b1", "begin_time": "2026-12-07T11:00:00Z", "end_time": "2026-12-07T11:30:00Z",
          "last_archived_wal_time": "2026-12-07T11:50:00Z", "size_bytes": 10}  # fmt: skip
BACKUP_JOB = JobView(
    "hourly-backup-1", "ns", Phase.SUCCEEDED, start_time=START, completion_time=END
)


def test_a_backup_records_itself_and_the_newest_archived_wal() -> None:
    patch = statuses.backup_status({}, BACKUP_JOB, json.dumps(BACKUP), timedelta(hours=1), NOW)
    assert patch["lastBackup"] == {"id": "b1", "beginTime": "2026-12-07T11:00:00Z",
                                   "endTime": "2026-12-07T11:30:00Z", "sizeBytes": 10}  # fmt: skip
    assert patch["lastArchivedWal"] == "2026-12-07T11:50:00Z"
    assert patch["lastRun"]["phase"] == "Succeeded"  # type: ignore[index]
    assert kinds(patch) == {"SummaryRead": "True", "RPOCompliant": "True"}
    older_wal = {**BACKUP, "last_archived_wal_time": "2026-12-07T10:00:00Z"}
    again = statuses.backup_status(
        patch, BACKUP_JOB, json.dumps(older_wal), timedelta(hours=1), NOW
    )
    assert again["lastArchivedWal"] == "2026-12-07T11:50:00Z"  # never goes back
    assert statuses.rpo(patch, timedelta(hours=1), NOW + timedelta(hours=2)) is not None


BACKED_UP = statuses.backup_status({}, BACKUP_JOB, json.dumps(BACKUP), timedelta(hours=1), NOW)
STREAMING = WalStreamReport(streaming=True, recoverable_until=NOW - timedelta(seconds=12),
                            receiver_restarts=1, last_error=None)  # fmt: skip


def test_the_wal_stream_keeps_the_rpo_current_between_backups() -> None:
    later = NOW + timedelta(hours=3)  # the last backup Job is 3 h old
    streamed = replace(STREAMING, recoverable_until=later - timedelta(seconds=12))

    patch = statuses.wal_stream(BACKED_UP, streamed, None, timedelta(hours=1), later)

    assert patch is not None
    assert patch["lastArchivedWal"] == "2026-12-07T14:59:48Z"
    assert patch["walStream"] == {"streaming": True, "receiverRestarts": 1, "message": "streaming",
                                  "recoverableUntil": "2026-12-07T14:59:48Z"}  # fmt: skip
    assert kinds(patch) == {"SummaryRead": "True", "RPOCompliant": "True"}
    assert statuses.rpo(BACKED_UP, timedelta(hours=1), later) is not None  # without it: exceeded


def test_a_wal_stream_that_stopped_or_does_not_answer_lets_the_rpo_run_out() -> None:
    stopped = WalStreamReport(False, None, 4, "`barman receive-wal` ended with exit 1")
    later = NOW + timedelta(hours=2)

    patch = statuses.wal_stream(BACKED_UP, stopped, None, timedelta(hours=1), later)
    assert patch is not None and kinds(patch)["RPOCompliant"] == "False"
    assert patch["walStream"]["message"] == (  # type: ignore[index]
        "not streaming: `barman receive-wal` ended with exit 1"
    )
    gone = statuses.wal_stream(BACKED_UP, None, "http://s/wal: timeout", timedelta(hours=1), NOW)
    assert gone is not None and gone["walStream"] == {
        "streaming": False, "message": "the WAL stream did not answer: http://s/wal: timeout"
    }  # fmt: skip
    assert "lastArchivedWal" not in gone  # unchanged
    assert statuses.wal_stream({**BACKED_UP, **gone}, None, "http://s/wal: timeout",
                               timedelta(hours=1), NOW) is None  # fmt: skip


def test_a_failed_backup_changes_no_last_backup() -> None:
    failed = JobView("hourly-backup-2", "ns", Phase.FAILED, start_time=START, completion_time=END)
    patch = statuses.backup_status({}, failed, None, timedelta(hours=1), NOW)
    assert "lastBackup" not in patch and patch["lastRun"]["phase"] == "Failed"  # type: ignore[index]
    assert kinds(patch) == {"RPOCompliant": "False"}


DRILL = {"backup_id": "b1", "recovered_to": None, "restore_seconds": 5000, "verify_seconds": 3000,
         "rto_seconds": 8000, "verified": True, "mismatches": 0}  # fmt: skip
DRILL_JOB = JobView("d-drill", "ns", Phase.SUCCEEDED, start_time=START, completion_time=END)
FAILED_DRILL_JOB = JobView("d-drill", "ns", Phase.FAILED, start_time=START, completion_time=END,
                           reason="BackoffLimitExceeded")  # fmt: skip


def test_a_slow_drill_is_verified_but_not_rto_compliant() -> None:
    patch = statuses.drill_status({}, DRILL_JOB, json.dumps(DRILL), timedelta(hours=2), NOW)
    assert patch["rtoSeconds"] == 8000.0 and patch["verified"] is True
    assert kinds(patch) == {"SummaryRead": "True", "Verified": "True", "RTOCompliant": "False"}


def test_a_drill_that_found_mismatches_fails_its_job_but_records_its_summary() -> None:
    summary = {**DRILL, "rto_seconds": 600, "verified": False, "mismatches": ["dw.fact_sales"],
               "recovered_to": "restore point backup-1"}  # fmt: skip
    patch = statuses.drill_status(
        {}, FAILED_DRILL_JOB, json.dumps(summary), timedelta(hours=2), NOW
    )
    assert patch["phase"] == "Failed" and patch["verified"] is False and patch["mismatches"] == 1
    assert patch["recoveredTo"] == "restore point backup-1"
    assert kinds(patch) == {"SummaryRead": "True", "Verified": "False", "RTOCompliant": "False"}
    assert "NOT verified" in patch["message"]  # type: ignore[operator]


def test_a_failed_drill_is_neither_verified_nor_compliant() -> None:
    patch = statuses.drill_status({}, FAILED_DRILL_JOB, "recovery failed", timedelta(hours=2), NOW)
    assert kinds(patch) == {"Verified": "False", "RTOCompliant": "False"}
    assert "recovery failed" in patch["message"]  # type: ignore[operator]
    unreadable = statuses.drill_status({}, DRILL_JOB, "{", timedelta(hours=2), NOW)
    assert kinds(unreadable) == {
        "SummaryRead": "False",
        "Verified": "False",
        "RTOCompliant": "False",
    }
    assert "phase" in statuses.drill_status(
        {}, JobView("d", "ns", Phase.RUNNING), None, timedelta(hours=2), NOW
    )
