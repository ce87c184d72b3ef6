"""Event translation: Marketplace domain events -> integration events in the contract
envelope (contracts/marketplace.py)."""

from __future__ import annotations

from collections.abc import Callable

from services.chassis.events import envelope_translator
from services.marketplace.domain.events import InventoryUpdated, ProductListed, SellerRegistered
from shared_kernel import DomainEvent


def _listed(event: ProductListed) -> dict:
    m = event.measures
    return {
        "product_id": event.product_id,
        "category_name": event.category.name,
        "category_name_english": event.category.name_english,
        "is_category_translated": event.category.is_translated,
        "name_length": m.name_length,
        "description_length": m.description_length,
        "photos_qty": m.photos_qty,
        "weight_g": m.weight_g,
        "length_cm": m.length_cm,
        "height_cm": m.height_cm,
        "width_cm": m.width_cm,
    }


def _registered(event: SellerRegistered) -> dict:
    return {
        "seller_id": event.seller_id,
        "zip_code_prefix": event.address.zip_code_prefix,
        "city": event.address.city,
        "state": event.address.state,
    }


def _inventory(event: InventoryUpdated) -> dict:
    return {
        "product_id": event.product_id,
        "seller_id": event.seller_id,
        "quantity": event.quantity,
    }


PAYLOADS: dict[type, Callable] = {
    ProductListed: _listed,
    SellerRegistered: _registered,
    InventoryUpdated: _inventory,
}


def provenance_key(event: DomainEvent) -> tuple | None:
    """Which source row an event comes from; inventory reports come from no file."""
    if isinstance(event, ProductListed):
        return ("product", event.product_id)
    if isinstance(event, SellerRegistered):
        return ("seller", event.seller_id)
    return None


def translator(source_of: Callable[[tuple], tuple[str, int] | None]):
    def provenance(event: DomainEvent) -> tuple[str, int] | None:
        key = provenance_key(event)
        return source_of(key) if key else None

    return envelope_translator(PAYLOADS, provenance)
