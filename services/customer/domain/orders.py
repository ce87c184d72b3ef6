"""A person's orders as Customer sees them: who bought when, in what state, for how much."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.customer.domain.errors import CustomerRuleViolation
from shared_kernel import Address, Money
from shared_kernel.money import total


class OrderStatus(StrEnum):
    CREATED = "created"
    APPROVED = "approved"
    INVOICED = "invoiced"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELED = "canceled"
    UNAVAILABLE = "unavailable"

    @classmethod
    def of(cls, text: str) -> OrderStatus:
        try:
            return cls(text)
        except ValueError:
            raise CustomerRuleViolation(f"order_status: unknown status {text!r}") from None

    @property
    def counts_for_loyalty(self) -> bool:
        """Canceled and unavailable orders were never a sale: they do not make anyone loyal."""
        return self not in (OrderStatus.CANCELED, OrderStatus.UNAVAILABLE)


@dataclass(frozen=True, slots=True)
class Purchase:
    """What the orders file tells Customer: which customer record bought when."""

    order_id: str
    customer_id: str
    status: OrderStatus
    purchased_at: datetime


@dataclass(frozen=True, slots=True)
class OrderPayment:
    sequential: int
    value: Money

    def __post_init__(self) -> None:
        if self.sequential < 1:
            raise CustomerRuleViolation(
                f"payment sequential must start at 1, got {self.sequential}"
            )
        if self.value.is_negative:
            raise CustomerRuleViolation("a payment cannot be negative")


@dataclass
class CustomerOrder:
    """An order attributed to a person: its purchase, the address it went to, its payments."""

    purchase: Purchase
    address: Address
    payments: list[OrderPayment] = field(default_factory=list)

    @property
    def order_id(self) -> str:
        return self.purchase.order_id

    @property
    def customer_id(self) -> str:
        return self.purchase.customer_id

    @property
    def purchased_at(self) -> datetime:
        return self.purchase.purchased_at

    @property
    def counts_for_loyalty(self) -> bool:
        return self.purchase.status.counts_for_loyalty

    @property
    def value(self) -> Money:
        """What the order brought: the sum of its payments."""
        return total([payment.value for payment in self.payments])

    def add_payment(self, payment: OrderPayment) -> None:
        if any(existing.sequential == payment.sequential for existing in self.payments):
            raise CustomerRuleViolation(
                f"payment {payment.sequential} appears twice in order {self.order_id}"
            )
        self.payments.append(payment)


def chronological(order: CustomerOrder) -> tuple[datetime, str]:
    """Purchase time, ties broken by order id: the same history in any load order."""
    return order.purchased_at, order.order_id
