"""How long backups are kept, said briefly (`7d`, `4w`, `6m`, or a count such as `3`), as
Barman's retention policy."""

from __future__ import annotations

import re

UNITS = {"d": "DAYS", "w": "WEEKS", "m": "MONTHS"}
WINDOW = re.compile(r"^\s*(\d+)\s*([dwm])\s*$", re.IGNORECASE)
COUNT = re.compile(r"^\s*(\d+)\s*$")


class RetentionInvalid(ValueError):
    pass


def retention_policy(retention: str) -> str:
    """`7d` -> `RECOVERY WINDOW OF 7 DAYS` (every point of the last 7 days can be restored);
    `3` -> `REDUNDANCY 3` (the 3 newest base backups are kept)."""
    if window := WINDOW.match(retention):
        amount, unit = int(window[1]), UNITS[window[2].lower()]
        if amount > 0:
            return f"RECOVERY WINDOW OF {amount} {unit}"
    elif (count := COUNT.match(retention)) and int(count[1]) > 0:
        return f"REDUNDANCY {int(count[1])}"
    raise RetentionInvalid(
        f"retention {retention!r}: say how long (e.g. 7d, 4w, 6m) or how many base "
        "backups to keep (e.g. 3), at least 1"
    )
