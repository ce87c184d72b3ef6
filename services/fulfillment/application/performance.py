"""Query: the carriers' on-time rate per month of delivery and customer state."""

from __future__ import annotations

from services.fulfillment.application.ports import FulfillmentUnitOfWork
from services.fulfillment.domain.carrier_performance import (
    CarrierPerformance,
    OnTimeRate,
    delivery_month,
)
from shared_kernel import DateRange


def on_time_rates(uow: FulfillmentUnitOfWork, month: str | None = None) -> list[OnTimeRate]:
    """`month` (YYYY-MM) narrows to the deliveries of that month; None: every month."""
    window = delivery_month(month) if month else DateRange.all_time()
    with uow:
        deliveries = uow.deliveries.delivered_in(window)
    return CarrierPerformance(deliveries).rates()
