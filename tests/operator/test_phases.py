"""A Job's phase, read from its status, and which Job a status should show."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from k8s_operator.phases import Phase, job_view, newest_job, recorded, shows


def job(name: str = "j", **status: Any) -> dict[str, Any]:
    return {
        "metadata": {
            "name": name,
            "namespace": "ns",
            "creationTimestamp": "2026-12-07T01:00:00Z",
            "labels": {"olist-dw.io/owner-kind": "warehouseloads", "olist-dw.io/owner-uid": "u"},
            "annotations": {"olist-dw.io/owner-name": "demo"},
        },
        "spec": {
            "template": {
                "spec": {"containers": [{"command": ["olist-dw", "load"], "args": ["--x"]}]}
            }
        },
        "status": status,
    }


def test_the_phase_follows_the_job_s_conditions() -> None:
    assert job_view(job()).phase is Phase.PENDING
    assert job_view(job(active=1)).phase is Phase.RUNNING
    done = job_view(job(startTime="2026-12-07T01:00:01Z", completionTime="2026-12-07T02:00:00Z",
                        conditions=[{"type": "SuccessCriteriaMet", "status": "True"},
                                    {"type": "Complete", "status": "True"}]))  # fmt: skip
    assert done.phase is Phase.SUCCEEDED and done.phase.final
    assert done.completion_time == datetime(2026, 12, 7, 2, tzinfo=UTC)
    failed = job_view(job(conditions=[{"type": "Failed", "status": "True", "reason": "DeadlineExceeded",
                                       "message": "too long", "lastTransitionTime": "2026-12-07T03:00:00Z"}]))  # fmt: skip
    assert (failed.phase, failed.reason, failed.message) == (
        Phase.FAILED,
        "DeadlineExceeded",
        "too long",
    )
    assert failed.completion_time == datetime(2026, 12, 7, 3, tzinfo=UTC)
    # only a final condition ends it: FailureTarget comes while pods still terminate
    assert (
        job_view(job(active=1, conditions=[{"type": "FailureTarget", "status": "True"}])).phase
        is Phase.RUNNING
    )
    assert (
        job_view(job(conditions=[{"type": "Complete", "status": "False"}])).phase is Phase.PENDING
    )


def test_the_view_knows_the_owner_and_the_command() -> None:
    view = job_view(job())
    assert (view.owner_kind, view.owner_uid, view.owner_name) == ("warehouseloads", "u", "demo")
    assert view.arguments == ("olist-dw", "load", "--x")
    assert job_view({}).name == ""


def test_a_status_shows_its_own_job_and_newer_ones_not_older_ones() -> None:
    view = job_view(job("next", startTime="2026-12-07T05:00:00Z"))
    assert shows({}, view)
    assert shows({"jobName": "next"}, view)
    assert shows({"jobName": "prev", "startTime": "2026-12-07T04:00:00Z"}, view)
    assert not shows({"jobName": "prev", "startTime": "2026-12-07T06:00:00Z"}, view)


def test_a_final_outcome_is_recorded_once() -> None:
    view = job_view(
        job(
            "j",
            completionTime="2026-12-07T02:00:00Z",
            conditions=[{"type": "Complete", "status": "True"}],
        )
    )
    assert recorded(
        {"jobName": "j", "phase": "Succeeded", "completionTime": "2026-12-07T02:00:00Z"}, view
    )
    assert not recorded({"jobName": "j", "phase": "Running"}, view)
    assert not recorded({"jobName": "other", "phase": "Succeeded", "completionTime": "x"}, view)


def test_the_newest_job_is_the_last_started() -> None:
    first = job_view(job("a", startTime="2026-12-07T01:00:00Z"))
    second = job_view(job("b", startTime="2026-12-07T02:00:00Z"))
    assert newest_job([second, first]) == second
    assert newest_job([]) is None
