"""Durations said briefly, as the specs say them: `4h`, `30m`, `1d`, `90s`, `1h30m`, `2w`."""

from __future__ import annotations

import re
from datetime import timedelta

UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
PART = re.compile(r"(\d+)([wdhms])")
WHOLE = re.compile(r"^(?:\d+[wdhms])+$")


class DurationInvalid(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    """`4h` -> 4 hours; units w, d, h, m, s, largest first, each at most once; above 0."""
    compact = text.strip().lower()
    if not WHOLE.match(compact):
        raise DurationInvalid(
            f"duration {text!r}: say it as a number and a unit (w, d, h, m, s), "
            "e.g. 4h, 30m, 1d, 1h30m"
        )
    parts = PART.findall(compact)
    units = [unit for _, unit in parts]
    order = list(UNITS)
    if len(set(units)) != len(units) or units != sorted(units, key=order.index):
        raise DurationInvalid(f"duration {text!r}: each unit once, largest first (e.g. 1h30m)")
    seconds = sum(int(amount) * UNITS[unit] for amount, unit in parts)
    if seconds <= 0:
        raise DurationInvalid(f"duration {text!r}: must be longer than zero")
    return timedelta(seconds=seconds)


def format_duration(duration: timedelta) -> str:
    """The shortest brief form: 4h, 1h30m, 2d3h, 45s (whole seconds; 0s for nothing)."""
    seconds = max(0, int(duration.total_seconds()))
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in UNITS.items():
        if unit == "w":
            continue  # days read better than weeks in ages and targets
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)
