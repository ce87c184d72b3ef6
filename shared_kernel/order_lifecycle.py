"""How far along its lifecycle an order status is: the one order of statuses that Sales
(which records the status) and Reporting (which shows it) both follow.

Olist's lifecycle timestamps are not always in lifecycle order (an approval recorded after
the carrier hand-off or the delivery), so how far an order got is told by the stage of its
status, never by which of its timestamps is latest. A cancellation ends the lifecycle
wherever it happened.
"""

from __future__ import annotations

LIFECYCLE_STAGE: dict[str, int] = {
    "created": 0,
    "approved": 1,
    "invoiced": 2,
    "processing": 3,
    "shipped": 4,
    "delivered": 5,
    "canceled": 6,
    "unavailable": 6,
}


def stage_of(status: str) -> int:
    return LIFECYCLE_STAGE[status]
