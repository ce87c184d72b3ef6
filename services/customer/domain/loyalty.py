"""RFM segmentation: how recently, how often and how much a person bought.

The thresholds are the business's; docs/segments.md explains them with the figures of the
real Olist data they were chosen from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.customer.domain.orders import CustomerOrder
from shared_kernel import Money
from shared_kernel.money import total

ACTIVE_DAYS = 180  # bought within this many days: still active
FORGOTTEN_DAYS = 365  # no purchase for longer than this: hibernating, whoever they were
CHAMPION_ORDERS = 3
CHAMPION_SPEND = Money.of("500.00")
LOYAL_ORDERS = 2
PROMISING_SPEND = Money.of("300.00")  # one purchase this large: about the top 10 %


class Segment(StrEnum):
    NEW = "new"
    PROMISING = "promising"
    LOYAL = "loyal"
    CHAMPION = "champion"
    AT_RISK = "at_risk"
    HIBERNATING = "hibernating"


@dataclass(frozen=True, slots=True)
class LoyaltyProfile:
    """Recency, frequency and monetary value of the orders that count (not canceled or
    unavailable), from which the segment follows."""

    frequency: int
    monetary: Money
    last_purchase_at: datetime | None

    @classmethod
    def of(cls, orders: Iterable[CustomerOrder]) -> LoyaltyProfile:
        counted = [order for order in orders if order.counts_for_loyalty]
        last = max((order.purchased_at for order in counted), default=None)
        return cls(len(counted), total([order.value for order in counted]), last)

    def recency_days(self, as_of: datetime) -> int | None:
        if self.last_purchase_at is None:
            return None
        return (as_of - self.last_purchase_at).days

    @property
    def is_valuable(self) -> bool:
        return self.frequency >= LOYAL_ORDERS or self.monetary >= PROMISING_SPEND

    def segment(self, as_of: datetime) -> Segment | None:
        """None for a person who never completed a purchase: no segment yet."""
        recency = self.recency_days(as_of)
        if recency is None:
            return None
        if recency > FORGOTTEN_DAYS:
            return Segment.HIBERNATING
        if recency > ACTIVE_DAYS:
            return Segment.AT_RISK if self.is_valuable else Segment.HIBERNATING
        return self._active_segment()

    def _active_segment(self) -> Segment:
        if self.frequency >= CHAMPION_ORDERS and self.monetary >= CHAMPION_SPEND:
            return Segment.CHAMPION
        if self.frequency >= LOYAL_ORDERS:
            return Segment.LOYAL
        if self.monetary >= PROMISING_SPEND:
            return Segment.PROMISING
        return Segment.NEW
