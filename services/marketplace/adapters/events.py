"""What Marketplace publishes: each domain event in its contract
(contracts/marketplace.py), and the source row it stems from (inventory reports come
from no file)."""

from __future__ import annotations

from dataclasses import fields

from services.chassis.events import publishes
from services.marketplace.domain.events import InventoryUpdated, ProductListed, SellerRegistered
from services.marketplace.domain.measures import Measures

PUBLISHED = (
    publishes(
        ProductListed,
        ("product", "product_id"),
        category_name="category.name",
        category_name_english="category.name_english",
        is_category_translated="category.is_translated",
        **{m.name: f"measures.{m.name}" for m in fields(Measures)},
    ),
    publishes(
        SellerRegistered,
        ("seller", "seller_id"),
        zip_code_prefix="address.zip_code_prefix",
        city="address.city",
        state="address.state",
    ),
    publishes(InventoryUpdated),
)
