from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """A money amount that is not a finite number of cents."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in Brazilian reais, held as an exact Decimal of cents. Never a float."""

    amount: Decimal
    currency: str = "BRL"

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise MoneyError("money is never built from a float; pass a str or Decimal")
        try:
            amount = Decimal(self.amount)
        except (InvalidOperation, TypeError) as exc:
            raise MoneyError(f"not an amount: {self.amount!r}") from exc
        if not amount.is_finite():
            raise MoneyError(f"not a finite amount: {self.amount!r}")
        if amount != amount.quantize(CENT, rounding=ROUND_HALF_EVEN):
            raise MoneyError(f"more precise than a cent: {self.amount!r}")
        object.__setattr__(self, "amount", amount.quantize(CENT))

    @classmethod
    def of(cls, text: str | Decimal | int) -> Money:
        return cls(Decimal(text) if not isinstance(text, Decimal) else text)

    @classmethod
    def zero(cls) -> Money:
        return cls(Decimal("0.00"))

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"


def total(amounts: list[Money] | tuple[Money, ...]) -> Money:
    result = Money.zero()
    for amount in amounts:
        result = result + amount
    return result
