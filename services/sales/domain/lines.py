"""The lines of an order: what was bought (items) and how it was paid (payments)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.sales.domain.errors import SalesRuleViolation
from shared_kernel import Money


class PaymentType(StrEnum):
    CREDIT_CARD = "credit_card"
    BOLETO = "boleto"
    VOUCHER = "voucher"
    DEBIT_CARD = "debit_card"
    NOT_DEFINED = "not_defined"


@dataclass(frozen=True, slots=True)
class OrderItem:
    item_number: int
    product_id: str
    seller_id: str
    shipping_limit_at: datetime
    price: Money
    freight: Money

    def __post_init__(self) -> None:
        if self.item_number < 1:
            raise SalesRuleViolation(f"item number must start at 1, got {self.item_number}")
        if self.price.is_negative or self.freight.is_negative:
            raise SalesRuleViolation("item price and freight cannot be negative")


@dataclass(frozen=True, slots=True)
class Payment:
    sequential: int
    payment_type: PaymentType
    installments: int
    value: Money

    def __post_init__(self) -> None:
        if self.sequential < 1:
            raise SalesRuleViolation(f"payment sequential must start at 1, got {self.sequential}")
        if self.value.is_negative:
            raise SalesRuleViolation("a payment cannot be negative")
        if self.installments < 0:
            raise SalesRuleViolation("installments cannot be negative")
        if self.installments > 1 and self.payment_type != PaymentType.CREDIT_CARD:
            raise SalesRuleViolation(
                f"only credit cards pay in installments, not {self.payment_type}"
            )
