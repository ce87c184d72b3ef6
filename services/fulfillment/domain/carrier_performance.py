"""Carrier performance: how many deliveries arrived on time, per month of delivery and
customer state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.errors import FulfillmentRuleViolation
from shared_kernel import DateRange


@dataclass(frozen=True, slots=True)
class OnTimeRate:
    month: str  # YYYY-MM of delivery
    state: str | None  # the customer's state; None where the zip area is unknown
    delivered: int
    on_time: int

    @property
    def rate(self) -> float:
        return self.on_time / self.delivered if self.delivered else 0.0


class CarrierPerformance:
    """Built from any collection of deliveries; the ones not delivered do not count."""

    def __init__(self, deliveries: Iterable[Delivery]) -> None:
        self._counts: dict[tuple[str, str | None], list[int]] = {}
        for delivery in deliveries:
            if delivery.delivered_month is None:
                continue
            counts = self._counts.setdefault(
                (delivery.delivered_month, delivery.destination_state), [0, 0]
            )
            counts[0] += 1
            counts[1] += int(delivery.is_on_time)

    def rates(self) -> list[OnTimeRate]:
        """One rate per month and state, by month then state (unknown state last)."""
        keys = sorted(self._counts, key=lambda k: (k[0], k[1] is None, k[1] or ""))
        return [OnTimeRate(month, state, *self._counts[(month, state)]) for month, state in keys]


def delivery_month(month: str) -> DateRange:
    """`2018-03` -> [2018-03-01, 2018-04-01): the deliveries of that month."""
    try:
        start = datetime.strptime(month, "%Y-%m")
    except ValueError:
        raise FulfillmentRuleViolation(f"not a month (YYYY-MM): {month!r}") from None
    end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return DateRange(start, end)
