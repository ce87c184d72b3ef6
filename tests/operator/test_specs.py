"""The specs as the operator reads them: what the CRD schema cannot refuse is refused here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from k8s_operator.specs import (
    SpecInvalid,
    backup_schedule_spec,
    restore_drill_spec,
    warehouse_load_spec,
)


def test_a_generated_load_takes_the_defaults() -> None:
    spec = warehouse_load_spec({"generatedOrders": 5000}, timedelta(hours=6))
    assert (spec.generated_orders, spec.source) == (5000, None)
    assert spec.freshness_target == timedelta(hours=6)  # the operator's default
    assert (spec.backoff_limit, spec.active_deadline_seconds) == (2, 7200)
    assert spec.schedule is None and not spec.since_last_load


def test_a_load_s_own_values_win() -> None:
    spec = warehouse_load_spec(
        {
            "source": "/data/olist",
            "from": "2018-01-01T00:00:00Z",
            "to": "2018-02-01T00:00:00+00:00",
            "freshnessTarget": "30m",
            "backoffLimit": 0,
            "activeDeadlineSeconds": 60,
            "schedule": "0  2 * * *",
        }
    )
    assert spec.window_from == datetime(2018, 1, 1, tzinfo=UTC)
    assert spec.window_to == datetime(2018, 2, 1, tzinfo=UTC)
    assert (spec.freshness_target, spec.backoff_limit, spec.active_deadline_seconds) == (
        timedelta(minutes=30),
        0,
        60,
    )
    assert spec.schedule == "0 2 * * *"


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ({"source": "/d", "generatedOrders": 5}, "not both"),
        ({}, "give source"),
        ({"generatedOrders": 0}, "at least 1"),
        ({"generatedOrders": "5"}, "whole number"),
        ({"generatedOrders": True}, "whole number"),
        ({"generatedOrders": 5, "sourceClaim": "x"}, "give source too"),
        ({"source": "/d", "sourceClaim": "Not_A_Name"}, "PersistentVolumeClaim"),
        ({"source": "/d", "sinceLastLoad": True, "to": "2018-01-01T00:00:00Z"}, "drop to"),
        (
            {"source": "/d", "from": "2018-02-01T00:00:00Z", "to": "2018-01-01T00:00:00Z"},
            "before it starts",
        ),
        ({"source": "/d", "from": "yesterday"}, "from: 'yesterday' is not an ISO 8601 time"),
        ({"source": "/d", "schedule": "every night"}, "fields"),
        ({"source": "/d", "freshnessTarget": "4 hours"}, "freshnessTarget"),
        ({"source": "/d", "sinceLastLoad": "yes"}, "true or false"),
    ],
)
def test_invalid_load_specs_say_what_is_wrong(spec: dict[str, object], complaint: str) -> None:
    with pytest.raises(SpecInvalid, match=complaint):
        warehouse_load_spec(spec)


def test_a_backup_schedule_keeps_seven_days_against_a_one_hour_rpo_by_default() -> None:
    spec = backup_schedule_spec({"schedule": "0 * * * *"})
    assert (spec.retention, spec.rpo_target, spec.storage) == ("7d", timedelta(hours=1), None)


@pytest.mark.parametrize(
    ("retention", "read"), [("7d", "7d"), ("4W", "4w"), ("6m", "6m"), (3, "3"), ("3", "3")]
)
def test_retention_is_a_window_or_a_count(retention: object, read: str) -> None:
    assert backup_schedule_spec({"schedule": "@hourly", "retention": retention}).retention == read


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ({}, "schedule is required"),
        ({"schedule": "0 25 * * *"}, "hour 25"),
        ({"schedule": "@daily", "retention": "0"}, "at least 1"),
        ({"schedule": "@daily", "retention": "7 days"}, "retention"),
        ({"schedule": "@daily", "retention": True}, "retention"),
        ({"schedule": "@daily", "rpoTarget": "soon"}, "rpoTarget"),
        ({"schedule": "@daily", "storage": "-bad"}, "PersistentVolumeClaim"),
    ],
)
def test_invalid_backup_schedules_say_what_is_wrong(
    spec: dict[str, object], complaint: str
) -> None:
    with pytest.raises(SpecInvalid, match=complaint):
        backup_schedule_spec(spec)


def test_a_drill_restores_the_newest_point_within_two_hours_by_default() -> None:
    spec = restore_drill_spec({})
    assert (spec.to_time, spec.rto_target, spec.active_deadline_seconds) == (
        None,
        timedelta(hours=2),
        21600,
    )
    pitr = restore_drill_spec(
        {"toTime": "2026-12-01T03:00:00Z", "rtoTarget": "90m", "storage": "backups"}
    )
    assert pitr.to_time == datetime(2026, 12, 1, 3, tzinfo=UTC)
    assert (pitr.rto_target, pitr.storage) == (timedelta(minutes=90), "backups")
    with pytest.raises(SpecInvalid, match="toTime"):
        restore_drill_spec({"toTime": "the day before"})
