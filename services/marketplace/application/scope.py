"""How the aggregates a load touched are named in the import scope: `product:<id>` and
`seller:<id>`, so that one scope (read back in id order) holds both kinds."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

PRODUCT = "product:"
SELLER = "seller:"


def products(product_ids: Iterable[str]) -> list[str]:
    return [PRODUCT + product_id for product_id in product_ids]


def sellers(seller_ids: Iterable[str]) -> list[str]:
    return [SELLER + seller_id for seller_id in seller_ids]


def split(scope_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Scope ids -> (product ids, seller ids)."""
    return ([i.removeprefix(PRODUCT) for i in scope_ids if i.startswith(PRODUCT)],
            [i.removeprefix(SELLER) for i in scope_ids if i.startswith(SELLER)])
