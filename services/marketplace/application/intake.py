"""Intake use cases of Marketplace: stage the catalog, products and sellers of a load,
then list every product and register every seller it touched (chassis intake kit)."""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.use_cases import (
    Stager,
    by_kind,
    complete_in_chunks,
    scope_ids,
)
from services.marketplace.application.ports import MarketplaceUnitOfWork

PRODUCT, SELLER = "product", "seller"


def _translations(uow: MarketplaceUnitOfWork, command: StageRecords) -> Sequence[str]:
    """A translation renames the products of its category: they are listed again."""
    uow.catalog.stage(command.load_id, command.accepted)
    names = sorted({s.value.name for s in command.accepted})
    return scope_ids(PRODUCT, uow.products.ids_in_categories(names)) if names else []


def _products(uow: MarketplaceUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.products.stage(command.load_id, command.accepted)
    return scope_ids(PRODUCT, (s.value.product_id for s in command.accepted))


def _sellers(uow: MarketplaceUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.sellers.stage(command.load_id, command.accepted)
    return scope_ids(SELLER, (s.value.seller_id for s in command.accepted))


STAGERS: dict[str, Stager[MarketplaceUnitOfWork]] = {
    "category_translations": _translations,
    "products": _products,
    "sellers": _sellers,
}


def complete_load(uow: MarketplaceUnitOfWork, command: CompleteLoad) -> CompletionResult:
    """List every product and register every seller the load touched.

    Products are named by the catalog as it stands now (translations staged in this load
    included). Catalog and seller events occur at the reference time and are published
    whatever the load's window: Olist gives them no business time, and their
    deterministic ids make a repeat a no-op. Marketplace records reference no other
    aggregate of this context, so a load has no orphans.
    """
    return complete_in_chunks(uow, command, _publish, CompletionResult())


def _publish(
    uow: MarketplaceUnitOfWork, command: CompleteLoad, ids: list[str], result: CompletionResult
) -> None:
    touched = by_kind(ids)
    products = uow.products.get_many(touched[PRODUCT]) if touched[PRODUCT] else []
    sellers = uow.sellers.get_many(touched[SELLER]) if touched[SELLER] else []
    catalog = uow.catalog.for_categories({p.category_name for p in products if p.category_name})
    uow.publish([product.listed(catalog) for product in products], load_id=command.load_id)
    uow.publish([seller.registered() for seller in sellers], load_id=command.load_id)
    result.aggregates += len(products) + len(sellers)
