"""Use case: a seller reports its stock of a product (Olist's files carry no stock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.marketplace.application.ports import MarketplaceUnitOfWork

# Inventory reports come from the API, not from a load: their events carry this load id.
INVENTORY_API = "inventory-api"


class UnknownProduct(LookupError):
    """Stock was reported for a product the catalog does not list."""


@dataclass(frozen=True)
class ReportStock:
    product_id: str
    seller_id: str
    quantity: int
    reported_at: datetime


@dataclass(frozen=True)
class StockReported:
    event_id: str
    is_new: bool  # False: the same report was already recorded


def report_stock(uow: MarketplaceUnitOfWork, command: ReportStock) -> StockReported:
    """Keep the seller's latest stock level and record InventoryUpdated, in one transaction.

    Raises UnknownProduct, or MarketplaceRuleViolation for a stock level that cannot be.
    """
    with uow:
        product = uow.products.get(command.product_id)
        if product is None:
            raise UnknownProduct(f"no product {command.product_id} in the catalog")
        level = product.stock(command.seller_id, command.quantity, command.reported_at)
        known = uow.inventory.get(level.product_id, level.seller_id)
        if known is None or level.supersedes(known):
            uow.inventory.save(level)
        event = level.updated()
        uow.publish([event], load_id=INVENTORY_API)
        uow.commit()
        return StockReported(event.event_id, uow.events_appended > 0)
