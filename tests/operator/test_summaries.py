"""The Jobs' summaries (their termination messages), read into typed records; whatever is
wrong with one is a SummaryInvalid that says what, never a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from k8s_operator.summaries import (
    SummaryInvalid,
    backup_summary,
    drill_summary,
    load_summary,
    termination_message,
)

LOAD = {"load_id": "load-1", "source_rows": 10, "rows_read": 12, "rows_accepted": 11, "rows_rejected": 1,
        "events": 40, "seconds": 3.5, "window_from": "2018-01-01T00:00:00", "window_to": None}  # fmt: skip


def test_a_load_summary_is_read() -> None:
    summary = load_summary(json.dumps(LOAD) + "\n")
    assert (summary.load_id, summary.rows_read, summary.rows_accepted, summary.rows_rejected) == (
        "load-1",
        12,
        11,
        1,
    )
    assert (summary.source_rows, summary.events, summary.seconds) == (10, 40, 3.5)
    assert summary.window_from == datetime(2018, 1, 1, tzinfo=UTC) and summary.window_to is None


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        (None, "no termination message"),
        ("  ", "no termination message"),
        ("Traceback (most recent call last):", "not JSON .* Traceback"),
        ('{"load_id": "x", "rows', "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({**LOAD, "rows_read": None}), "has no rows_read"),
        (json.dumps({k: v for k, v in LOAD.items() if k != "events"}), "has no events"),
        (json.dumps({**LOAD, "rows_read": "12"}), "rows_read is '12', not a count"),
        (json.dumps({**LOAD, "rows_rejected": -1}), "not a count"),
        (json.dumps({**LOAD, "events": True}), "not a count"),
        (json.dumps({**LOAD, "seconds": "fast"}), "not a number of seconds"),
        (json.dumps({**LOAD, "load_id": ""}), "not a name"),
        (json.dumps({**LOAD, "window_to": "tomorrow"}), "window_to"),
    ],
)
def test_a_malformed_summary_says_what_is_wrong(message: str | None, complaint: str) -> None:
    with pytest.raises(SummaryInvalid, match=complaint):
        load_summary(message)


def test_a_long_message_is_cut_in_the_complaint() -> None:
    with pytest.raises(SummaryInvalid) as raised:
        load_summary("x" * 5000)
    assert len(str(raised.value)) < 250 and str(raised.value).endswith("...")


def test_a_backup_summary_is_read() -> None:
    summary = backup_summary(json.dumps({"backup_id": "20261207T020000", "begin_time": "2026-12-07T02:00:00Z",
        "end_time": "2026-12-07T02:04:00+00:00", "last_archived_wal_time": "2026-12-07T02:30:00", "size_bytes": 5}))  # fmt: skip
    assert summary.end_time == datetime(2026, 12, 7, 2, 4, tzinfo=UTC)
    assert summary.last_archived_wal_time == datetime(2026, 12, 7, 2, 30, tzinfo=UTC)
    with pytest.raises(SummaryInvalid, match="has no end_time"):
        backup_summary(
            json.dumps({"backup_id": "b", "begin_time": "2026-12-07T02:00:00Z", "size_bytes": 1})
        )


DRILL = {"backup_id": "b", "recovered_to": "2026-12-07T02:00:00Z", "restore_seconds": 100,
         "verify_seconds": 20.5, "rto_seconds": 120.5, "verified": False, "mismatches": ["dw.fact_sales"]}  # fmt: skip


def test_a_drill_summary_counts_its_mismatches() -> None:
    summary = drill_summary(json.dumps(DRILL))
    assert (summary.verified, summary.mismatches, summary.mismatched) == (
        False,
        1,
        ("dw.fact_sales",),
    )
    assert summary.rto_seconds == 120.5 and summary.restore_seconds == 100.0
    assert summary.recovered_to == "2026-12-07T02:00:00Z"
    named = drill_summary(
        json.dumps({**DRILL, "recovered_to": "restore point backup-20261207T020000"})
    )
    assert named.recovered_to == "restore point backup-20261207T020000"
    assert drill_summary(json.dumps({**DRILL, "recovered_to": None})).recovered_to is None
    with pytest.raises(SummaryInvalid, match="not a time or a name"):
        drill_summary(json.dumps({**DRILL, "recovered_to": 5}))
    assert drill_summary(json.dumps({**DRILL, "mismatches": 3})).mismatches == 3
    with pytest.raises(SummaryInvalid, match="verified is 'yes'"):
        drill_summary(json.dumps({**DRILL, "verified": "yes"}))
    with pytest.raises(SummaryInvalid, match="not a list or a count"):
        drill_summary(json.dumps({**DRILL, "mismatches": {"a": 1}}))


def pod(
    exit_code: int, message: str | None, finished: str, container: str = "load", last: bool = False
) -> dict[str, Any]:
    terminated = {
        "exitCode": exit_code,
        "finishedAt": finished,
        **({"message": message} if message else {}),
    }
    state = (
        {"lastState": {"terminated": terminated}, "state": {"running": {}}}
        if last
        else {"state": {"terminated": terminated}}
    )
    return {"status": {"containerStatuses": [{"name": container, **state}]}}


def test_the_message_is_the_succeeded_pod_s_or_the_last_failed_one_s() -> None:
    pods = [pod(1, "first try failed", "2026-12-07T01:00:00Z"), pod(0, "{}", "2026-12-07T02:00:00Z"),
            pod(1, "a later failure", "2026-12-07T03:00:00Z")]  # fmt: skip
    assert termination_message(pods, "load", succeeded=True) == "{}"
    assert termination_message(pods, "load", succeeded=False) == "a later failure"
    assert (
        termination_message(
            [pod(1, "restarted", "2026-12-07T01:00:00Z", last=True)], "load", succeeded=False
        )
        == "restarted"
    )
    assert termination_message(pods, "backup", succeeded=True) is None
    assert (
        termination_message([pod(0, None, "2026-12-07T01:00:00Z")], "load", succeeded=True) is None
    )
    assert termination_message([{}], "load", succeeded=True) is None
