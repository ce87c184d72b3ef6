"""Where a person lived: Olist publishes an address per order (per customer record) only,
so the history is the address of each order in purchase order; a new zip prefix is a move."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.customer.domain.orders import CustomerOrder
from shared_kernel import Address


@dataclass(frozen=True, slots=True)
class AddressPeriod:
    """From `since` (the purchase of the first order from there) until the next period."""

    since: datetime
    customer_id: str
    address: Address


@dataclass(frozen=True, slots=True)
class Move:
    period: AddressPeriod
    previous_address: Address


@dataclass(frozen=True, slots=True)
class AddressHistory:
    periods: tuple[AddressPeriod, ...]

    @classmethod
    def of(cls, orders_in_purchase_order: Sequence[CustomerOrder]) -> AddressHistory:
        periods: list[AddressPeriod] = []
        for order in orders_in_purchase_order:
            if not periods or _moved(periods[-1].address, order.address):
                periods.append(AddressPeriod(order.purchased_at, order.customer_id, order.address))
        return cls(tuple(periods))

    @property
    def current(self) -> AddressPeriod | None:
        return self.periods[-1] if self.periods else None

    @property
    def moves(self) -> list[Move]:
        return [
            Move(period, previous.address)
            for previous, period in zip(self.periods, self.periods[1:])
        ]


def _moved(before: Address, after: Address) -> bool:
    """Olist's precision is the 5-digit zip prefix; a respelled city is not a move."""
    return before.zip_code_prefix != after.zip_code_prefix
