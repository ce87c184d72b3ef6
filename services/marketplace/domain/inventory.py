"""A seller's stock of a product. Olist's files carry none: sellers report it via the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.marketplace.domain.errors import MarketplaceRuleViolation
from services.marketplace.domain.events import InventoryUpdated


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: str
    seller_id: str
    quantity: int
    reported_at: datetime

    def __post_init__(self) -> None:
        if not self.seller_id.strip():
            raise MarketplaceRuleViolation("a stock level belongs to a seller")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise MarketplaceRuleViolation(f"quantity must be a whole number: {self.quantity!r}")
        if self.quantity < 0:
            raise MarketplaceRuleViolation(f"quantity cannot be negative: {self.quantity}")

    def updated(self) -> InventoryUpdated:
        """The event of this report, at the time the seller reported it."""
        return InventoryUpdated(
            occurred_at=self.reported_at,
            product_id=self.product_id,
            seller_id=self.seller_id,
            quantity=self.quantity,
        )

    def supersedes(self, other: StockLevel) -> bool:
        """A report replaces the known level unless that one was reported later."""
        return self.reported_at >= other.reported_at
