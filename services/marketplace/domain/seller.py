"""The Seller aggregate: a merchant on the marketplace and where it ships from."""

from __future__ import annotations

from dataclasses import dataclass

from services.marketplace.domain.errors import MarketplaceRuleViolation
from services.marketplace.domain.events import SellerRegistered
from shared_kernel import REFERENCE_TIME, Address


@dataclass
class Seller:
    seller_id: str
    address: Address

    def __post_init__(self) -> None:
        if not self.seller_id.strip():
            raise MarketplaceRuleViolation("a seller needs an id")
        if not self.address.city.strip():
            raise MarketplaceRuleViolation("a seller's city must be named")

    def registered(self) -> SellerRegistered:
        return SellerRegistered(
            occurred_at=REFERENCE_TIME, seller_id=self.seller_id, address=self.address
        )
