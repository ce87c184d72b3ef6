from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


@dataclass
class ControlTotals:
    """What a source file holds, counted as it is read: rows and money sums.

    Values that are not numbers are counted in `unreadable` (they will be rejected), so
    that sums stay comparable with the warehouse plus quarantine.
    """

    file: str
    rows: int = 0
    sums: dict[str, Decimal] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)

    def count(self, values: dict[str, str | None], money_columns: tuple[str, ...]) -> None:
        self.rows += 1
        for column in money_columns:
            try:
                amount = Decimal(values.get(column) or "")
            except InvalidOperation:
                self.unreadable[column] = self.unreadable.get(column, 0) + 1
                continue
            self.sums[column] = self.sums.get(column, Decimal("0")) + amount
