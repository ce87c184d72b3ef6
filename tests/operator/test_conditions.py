"""The conditions: Fresh, RPOCompliant, Verified, RTOCompliant, and the rule that a
condition keeps its lastTransitionTime while its status does not change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from k8s_operator import conditions
from k8s_operator.conditions import Condition, merged

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
EARLIER = "2026-12-07T08:00:00Z"


def test_the_transition_time_stays_while_the_status_does() -> None:
    existing = [
        {
            "type": "Fresh",
            "status": "True",
            "reason": "WithinTarget",
            "message": "a",
            "lastTransitionTime": EARLIER,
        },
        {
            "type": "Other",
            "status": "True",
            "reason": "R",
            "message": "m",
            "lastTransitionTime": EARLIER,
        },
    ]
    same = merged(existing, [Condition("Fresh", True, "WithinTarget", "b")], NOW)
    assert same[0]["lastTransitionTime"] == EARLIER and same[0]["message"] == "b"
    changed = merged(existing, [Condition("Fresh", False, "Stale", "c")], NOW)
    assert changed[0] == {"type": "Fresh", "status": "False", "reason": "Stale", "message": "c",
                          "lastTransitionTime": "2026-12-07T12:00:00Z"}  # fmt: skip
    assert changed[1] == existing[1]  # the others are left as they are
    added = merged(existing, [Condition("RPOCompliant", None, "Unknown", "?")], NOW)
    assert [c["type"] for c in added] == ["Fresh", "Other", "RPOCompliant"] and added[2][
        "status"
    ] == "Unknown"
    assert merged(None, [], NOW) == []


def test_fresh_while_the_last_success_is_younger_than_the_target() -> None:
    target = timedelta(hours=4)
    assert conditions.fresh(None, target, NOW).reason == "NeverLoaded"
    fresh = conditions.fresh(NOW - timedelta(hours=3), target, NOW)
    assert (fresh.status, fresh.reason) == (True, "WithinTarget")
    assert "2026-12-07T09:00:00Z" in fresh.message and "4h" in fresh.message
    stale = conditions.fresh(NOW - timedelta(hours=5), target, NOW)
    assert (stale.status, stale.reason) == (False, "Stale")


def test_the_rpo_counts_from_the_newest_recoverable_point() -> None:
    hour = timedelta(hours=1)
    assert (
        conditions.rpo_compliant(None, NOW, hour, NOW).reason == "NoBackup"
    )  # WAL alone restores nothing
    by_backup = conditions.rpo_compliant(NOW - timedelta(minutes=30), None, hour, NOW)
    assert (by_backup.status, by_backup.reason) == (True, "WithinTarget")
    by_wal = conditions.rpo_compliant(
        NOW - timedelta(days=1), NOW - timedelta(minutes=5), hour, NOW
    )
    assert by_wal.status is True and "archived WAL" in by_wal.message
    behind = conditions.rpo_compliant(NOW - timedelta(days=1), NOW - timedelta(hours=2), hour, NOW)
    assert (behind.status, behind.reason) == (False, "RPOExceeded")


def test_rto_compliant_needs_a_verified_copy_within_the_target() -> None:
    target = timedelta(hours=2)
    assert conditions.rto_compliant(3600, True, target).status is True
    assert conditions.rto_compliant(7200, True, target).status is True
    assert conditions.rto_compliant(7201, True, target).reason == "RTOExceeded"
    assert conditions.rto_compliant(60, False, target).reason == "NotVerified"


def test_verified_names_what_differed() -> None:
    assert conditions.verified(True, 0).status is True
    mismatch = conditions.verified(False, 7, [f"t{i}" for i in range(7)])
    assert mismatch.reason == "Mismatches" and "t0, t1, t2, t3, t4 ..." in mismatch.message
    assert conditions.verified(False, 0).reason == "NotVerified"
    assert conditions.verified(True, 2).status is False


def test_the_status_of_a_condition_is_found_by_type() -> None:
    assert conditions.status_of([{"type": "Fresh", "status": "True"}], "Fresh") == "True"
    assert conditions.status_of(None, "Fresh") is None
