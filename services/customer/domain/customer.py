"""The Customer aggregate: one real person (customer_unique_id), their customer records,
orders, address history and loyalty segment, told as events at business time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.addresses import AddressHistory
from services.customer.domain.errors import CustomerRuleViolation
from services.customer.domain.events import (
    CustomerMoved,
    CustomerRegistered,
    OrderAttributed,
    SegmentChanged,
)
from services.customer.domain.loyalty import LoyaltyProfile, Segment
from services.customer.domain.orders import (
    CustomerOrder,
    OrderPayment,
    Purchase,
    chronological,
)
from shared_kernel import DateRange, DomainEvent


@dataclass
class Customer:
    customer_unique_id: str
    accounts: dict[str, CustomerAccount] = field(default_factory=dict)
    orders: dict[str, CustomerOrder] = field(default_factory=dict)

    def add_account(self, account: CustomerAccount) -> None:
        if account.customer_unique_id != self.customer_unique_id:
            raise CustomerRuleViolation(
                f"customer {account.customer_id} belongs to {account.customer_unique_id},"
                f" not {self.customer_unique_id}"
            )
        self.accounts[account.customer_id] = account

    def attribute(self, purchase: Purchase) -> CustomerOrder:
        account = self.accounts.get(purchase.customer_id)
        if account is None:
            raise CustomerRuleViolation(
                f"customer_id: {purchase.customer_id} is not a record of {self.customer_unique_id}"
            )
        if purchase.order_id in self.orders:
            raise CustomerRuleViolation(f"order {purchase.order_id} attributed twice")
        order = CustomerOrder(purchase, account.address)
        self.orders[purchase.order_id] = order
        return order

    def receive_payment(self, order_id: str, payment: OrderPayment) -> None:
        if order_id not in self.orders:
            raise CustomerRuleViolation(f"order_id: {order_id} is not an order of this customer")
        self.orders[order_id].add_payment(payment)

    @property
    def order_history(self) -> list[CustomerOrder]:
        return sorted(self.orders.values(), key=chronological)

    def address_history(self) -> AddressHistory:
        return AddressHistory.of(self.order_history)

    def loyalty_profile(self, as_of: datetime) -> LoyaltyProfile:
        return LoyaltyProfile.of(o for o in self.orders.values() if o.purchased_at <= as_of)

    def calculate_segment(self, as_of: datetime) -> Segment | None:
        """The person's segment at `as_of`, from the orders purchased until then."""
        return self.loyalty_profile(as_of).segment(as_of)

    def events(self, window: DateRange = DateRange.all_time()) -> list[DomainEvent]:
        """The events of the person's whole history whose business time is in `window`.

        The history is always computed in full (segments and moves depend on earlier
        orders); the window only selects, so consecutive windows replay a full load.
        """
        history = [
            *self._registration(),
            *self._attributions(),
            *self._moves(),
            *self._segment_changes(),
        ]
        return [event for event in history if window.contains(event.occurred_at)]

    def _registration(self) -> list[CustomerRegistered]:
        history = self.order_history
        if not history:
            return []  # a customer record without an order: kept, but nothing happened yet
        first = history[0]
        return [
            CustomerRegistered(
                occurred_at=first.purchased_at,
                customer_unique_id=self.customer_unique_id,
                customer_id=first.customer_id,
                address=first.address,
            )
        ]

    def _attributions(self) -> list[OrderAttributed]:
        return [
            OrderAttributed(
                occurred_at=order.purchased_at,
                order_id=order.order_id,
                customer_id=order.customer_id,
                customer_unique_id=self.customer_unique_id,
            )
            for order in self.order_history
        ]

    def _moves(self) -> list[CustomerMoved]:
        return [
            CustomerMoved(
                occurred_at=move.period.since,
                customer_unique_id=self.customer_unique_id,
                customer_id=move.period.customer_id,
                address=move.period.address,
                previous_address=move.previous_address,
            )
            for move in self.address_history().moves
        ]

    def _segment_changes(self) -> list[SegmentChanged]:
        """After each purchase moment (orders bought at the same second count as one), the
        segment as of then; an event whenever it differs from the one before."""
        changes: list[SegmentChanged] = []
        previous: Segment | None = None
        for moment, orders in groupby(self.order_history, key=lambda o: o.purchased_at):
            profile = self.loyalty_profile(moment)
            segment = profile.segment(moment)
            if segment is not None and segment != previous:
                changes.append(
                    SegmentChanged(
                        occurred_at=moment,
                        customer_unique_id=self.customer_unique_id,
                        order_id=list(orders)[-1].order_id,
                        segment=segment,
                        previous_segment=previous,
                        frequency=profile.frequency,
                        monetary=profile.monetary,
                    )
                )
            previous = segment
        return changes
