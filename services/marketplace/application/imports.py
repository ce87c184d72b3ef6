"""Use cases of an import: stage source records, then complete the load into events."""
from __future__ import annotations

from collections.abc import Sequence

from services.chassis.staging import CompleteLoad, CompletionResult, StageRecords
from services.marketplace.application import scope
from services.marketplace.application.ports import MarketplaceUnitOfWork


def stage_records(uow: MarketplaceUnitOfWork, command: StageRecords) -> None:
    """Keep valid records as Marketplace state and invalid ones in quarantine, in one
    transaction, and note the products and sellers the load touched."""
    with uow:
        touched = {
            "category_translations": _stage_translations,
            "products": _stage_products,
            "sellers": _stage_sellers,
        }[command.kind](uow, command)
        uow.scope.touch(command.load_id, touched)
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()


def _stage_translations(uow: MarketplaceUnitOfWork, command: StageRecords) -> list[str]:
    """A translation renames the products of its category: they are listed again."""
    uow.catalog.stage(command.load_id, command.accepted)
    names = sorted({s.value.name for s in command.accepted})
    return scope.products(uow.products.ids_in_categories(names)) if names else []


def _stage_products(uow: MarketplaceUnitOfWork, command: StageRecords) -> list[str]:
    uow.products.stage(command.load_id, command.accepted)
    return scope.products(s.value.product_id for s in command.accepted)


def _stage_sellers(uow: MarketplaceUnitOfWork, command: StageRecords) -> list[str]:
    uow.sellers.stage(command.load_id, command.accepted)
    return scope.sellers(s.value.seller_id for s in command.accepted)


def complete_load(uow: MarketplaceUnitOfWork, command: CompleteLoad,
                  chunk: int = 2000) -> CompletionResult:
    """List every product and register every seller the load touched.

    Products are named by the catalog as it stands now (translations staged in this load
    included). Catalog and seller events occur at the reference time and are published
    whatever the load's window: Olist gives them no business time, and their
    deterministic ids make a repeat a no-op. Marketplace records reference no other
    aggregate of this context, so a load has no orphans. One transaction per chunk.
    """
    result = CompletionResult()
    after = ""
    while True:
        with uow:
            scope_ids = uow.scope.chunk(command.load_id, after, chunk)
            if not scope_ids:
                return result
            result.aggregates += _publish_chunk(uow, command.load_id, scope_ids)
            uow.commit()
            result.events += uow.events_appended
            after = scope_ids[-1]


def _publish_chunk(uow: MarketplaceUnitOfWork, load_id: str, scope_ids: Sequence[str]) -> int:
    product_ids, seller_ids = scope.split(scope_ids)
    products = uow.products.get_many(product_ids) if product_ids else []
    sellers = uow.sellers.get_many(seller_ids) if seller_ids else []
    catalog = uow.catalog.for_categories({p.category_name for p in products if p.category_name})
    uow.publish([product.listed(catalog) for product in products], load_id=load_id)
    uow.publish([seller.registered() for seller in sellers], load_id=load_id)
    return len(products) + len(sellers)
