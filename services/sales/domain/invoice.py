from __future__ import annotations

from dataclasses import dataclass

from shared_kernel import Money


@dataclass(frozen=True, slots=True)
class Invoice:
    """What an order bills (items + freight) against what its payments brought in.

    Olist orders paid in credit-card installments can carry interest, and vouchers can
    over- or under-pay by cents; a balance is a finding for Quality, never a reject.
    """

    order_id: str
    items_total: Money
    freight_total: Money
    amount_paid: Money

    @property
    def amount_due(self) -> Money:
        return self.items_total + self.freight_total

    @property
    def balance(self) -> Money:
        """Positive: the customer paid more than billed; negative: less."""
        return self.amount_paid - self.amount_due

    @property
    def is_settled(self) -> bool:
        return self.balance == Money.zero()
