"""Cron schedules as a CronJob takes them (five fields, or a macro such as `@daily`),
checked before the operator hands one to Kubernetes, so that a typo is a clear error on
the resource rather than a CronJob the API server refuses."""

from __future__ import annotations

import re
from dataclasses import dataclass

MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


@dataclass(frozen=True)
class Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    first_name_value: int = 0


FIELDS = (
    Field("minute", 0, 59),
    Field("hour", 0, 23),
    Field("day of month", 1, 31),
    Field("month", 1, 12, tuple(MONTHS), 1),
    Field("day of week", 0, 7, tuple(WEEKDAYS), 0),
)
STEP = re.compile(r"^(?P<range>[^/]+)(?:/(?P<step>\d+))?$")


class ScheduleInvalid(ValueError):
    pass


def validate_schedule(schedule: str) -> str:
    """The schedule, stripped, if a CronJob would take it; else ScheduleInvalid saying why."""
    text = " ".join(schedule.split())
    if not text:
        raise ScheduleInvalid("schedule is empty: give a cron expression, e.g. '0 2 * * *'")
    if text.upper().startswith(("TZ=", "CRON_TZ=")):
        raise ScheduleInvalid(f"schedule {schedule!r}: a time zone is not part of the schedule")
    if text.startswith("@"):
        if text.lower() not in MACROS:
            raise ScheduleInvalid(
                f"schedule {schedule!r}: unknown macro (one of {', '.join(sorted(MACROS))})"
            )
        return text
    parts = text.split(" ")
    if len(parts) != len(FIELDS):
        raise ScheduleInvalid(
            f"schedule {schedule!r}: {len(parts)} fields, a cron expression has 5 "
            "(minute hour day-of-month month day-of-week)"
        )
    for part, field in zip(parts, FIELDS):
        for item in part.split(","):
            _check_item(item, field, schedule)
    return text


def _check_item(item: str, field: Field, schedule: str) -> None:
    match = STEP.match(item)
    if not match:
        raise ScheduleInvalid(f"schedule {schedule!r}: {item!r} is no {field.name}")
    step = match["step"]
    if step is not None and int(step) == 0:
        raise ScheduleInvalid(f"schedule {schedule!r}: a step of 0 in the {field.name}")
    span = match["range"]
    if span in ("*", "?"):
        if span == "?" and field.name not in ("day of month", "day of week"):
            raise ScheduleInvalid(f"schedule {schedule!r}: '?' only for the days")
        return
    low, _, high = span.partition("-")
    first = _value(low, field, schedule)
    if high:
        last = _value(high, field, schedule)
        if last < first:
            raise ScheduleInvalid(f"schedule {schedule!r}: {span!r} runs backwards")


def _value(text: str, field: Field, schedule: str) -> int:
    if text.isdigit():
        value = int(text)
    elif text.lower() in field.names:
        value = field.names.index(text.lower()) + field.first_name_value
    else:
        raise ScheduleInvalid(f"schedule {schedule!r}: {text!r} is no {field.name}")
    if not field.low <= value <= field.high:
        raise ScheduleInvalid(
            f"schedule {schedule!r}: {field.name} {value} is outside {field.low}-{field.high}"
        )
    return value
