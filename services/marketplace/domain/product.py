"""The Product aggregate: a catalog entry, listed under the category the catalog names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.marketplace.domain.catalog import ProductCatalog
from services.marketplace.domain.errors import MarketplaceRuleViolation
from services.marketplace.domain.events import ProductListed
from services.marketplace.domain.inventory import StockLevel
from services.marketplace.domain.measures import Measures
from shared_kernel import REFERENCE_TIME


@dataclass
class Product:
    product_id: str
    category_name: str | None
    measures: Measures = field(default_factory=Measures)

    def __post_init__(self) -> None:
        if not self.product_id.strip():
            raise MarketplaceRuleViolation("a product needs an id")
        if self.category_name is not None and not self.category_name.strip():
            self.category_name = None

    def listed(self, catalog: ProductCatalog) -> ProductListed:
        """The product as the catalog lists it now: a new translation of its category gives
        a new listing (new content, new event id); the same one gives the same event."""
        return ProductListed(
            occurred_at=REFERENCE_TIME,
            product_id=self.product_id,
            category=catalog.category_named(self.category_name),
            measures=self.measures,
        )

    def stock(self, seller_id: str, quantity: int, reported_at: datetime) -> StockLevel:
        """How many of this product `seller_id` has, as the seller reported it."""
        return StockLevel(self.product_id, seller_id, quantity, reported_at)
