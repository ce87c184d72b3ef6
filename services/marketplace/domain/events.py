"""Marketplace domain events.

Olist's catalog and seller files carry no business time: a listing and a registration
occur at shared_kernel.REFERENCE_TIME. Stock levels come from sellers through the API, at
the time they reported them.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.marketplace.domain.catalog import Category
from services.marketplace.domain.measures import Measures
from shared_kernel import Address, DomainEvent


@dataclass(frozen=True, kw_only=True)
class ProductListed(DomainEvent):
    event_type = "marketplace.product.listed"
    natural_key_fields = ("product_id",)

    product_id: str
    category: Category
    measures: Measures


@dataclass(frozen=True, kw_only=True)
class SellerRegistered(DomainEvent):
    event_type = "marketplace.seller.registered"
    natural_key_fields = ("seller_id",)

    seller_id: str
    address: Address


@dataclass(frozen=True, kw_only=True)
class InventoryUpdated(DomainEvent):
    event_type = "marketplace.inventory.updated"
    natural_key_fields = ("product_id", "seller_id", "occurred_at")

    product_id: str
    seller_id: str
    quantity: int
