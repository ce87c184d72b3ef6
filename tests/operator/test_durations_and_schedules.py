"""Durations (`4h`) and cron schedules, checked before they reach a Job or a CronJob."""

from __future__ import annotations

from datetime import timedelta

import pytest

from k8s_operator.durations import DurationInvalid, format_duration, parse_duration
from k8s_operator.schedules import ScheduleInvalid, validate_schedule


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("4h", 14400),
        ("30m", 1800),
        ("1d", 86400),
        ("90s", 90),
        ("1h30m", 5400),
        ("2w", 1209600),
        (" 4H ", 14400),
    ],
)
def test_durations_are_read(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "4", "h", "0h", "30m1h", "1h1h", "4 hours", "-1h", "1.5h"])
def test_what_is_no_duration_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(DurationInvalid, match="duration"):
        parse_duration(text)


def test_durations_are_written_briefly() -> None:
    assert format_duration(timedelta(hours=4)) == "4h"
    assert format_duration(timedelta(days=2, hours=3, seconds=5)) == "2d3h5s"
    assert format_duration(timedelta(0)) == "0s"
    assert format_duration(timedelta(seconds=-5)) == "0s"


@pytest.mark.parametrize(
    "schedule",
    [
        "0 2 * * *",
        "*/15 * * * *",
        "0 0 1 jan,jul *",
        "0 3 * * mon-fri",
        "5 4 * * 7",
        "@daily",
        "@HOURLY",
        "0 0 ? * *",
    ],
)
def test_schedules_a_cronjob_takes(schedule: str) -> None:
    assert validate_schedule(schedule) == " ".join(schedule.split())


@pytest.mark.parametrize(
    ("schedule", "complaint"),
    [
        ("0 2 * *", "4 fields"),
        ("60 * * * *", "minute 60 is outside 0-59"),
        ("* 24 * * *", "hour 24"),
        ("@sometimes", "unknown macro"),
        ("TZ=UTC 0 2 * * *", "time zone"),
        ("*/0 * * * *", "step of 0"),
        ("5-1 * * * *", "backwards"),
        ("0 0 * foo *", "'foo' is no month"),
        ("? * * * *", "only for the days"),
        ("", "empty"),
    ],
)
def test_schedules_it_does_not_take_say_why(schedule: str, complaint: str) -> None:
    with pytest.raises(ScheduleInvalid, match=complaint):
        validate_schedule(schedule)
