"""Categories and the ProductCatalog that names them in Portuguese and English.

Naming rules (docs/catalog.md):
- a product without a category is in `sem_categoria` / `uncategorized`; this is our own
  word pair, so it counts as translated;
- a category in Olist's translation table takes the English name the table gives it;
- a category missing from the table (real data: `pc_gamer`,
  `portateis_cozinha_e_preparadores_de_alimentos`) keeps its Portuguese name in English
  too, and is marked not translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.marketplace.domain.errors import MarketplaceRuleViolation

UNCATEGORIZED = "sem_categoria"
UNCATEGORIZED_ENGLISH = "uncategorized"


@dataclass(frozen=True, slots=True)
class Category:
    """A product category: Olist's Portuguese name and the English name analysts read."""

    name: str
    name_english: str
    is_translated: bool

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.name_english.strip():
            raise MarketplaceRuleViolation("a category needs a Portuguese and an English name")

    @classmethod
    def translated(cls, name: str, name_english: str) -> Category:
        return cls(name, name_english, True)

    @classmethod
    def untranslated(cls, name: str) -> Category:
        return cls(name, name, False)

    @classmethod
    def uncategorized(cls) -> Category:
        return cls(UNCATEGORIZED, UNCATEGORIZED_ENGLISH, True)


class ProductCatalog:
    """The translation table: which English name each Portuguese category name has."""

    def __init__(self, translations: Iterable[Category] = ()) -> None:
        self._translations: dict[str, Category] = {}
        for category in translations:
            self.translate(category)

    def translate(self, category: Category) -> None:
        if not category.is_translated:
            raise MarketplaceRuleViolation(f"{category.name!r} is no translation")
        self._translations[category.name] = category

    def category_named(self, name: str | None) -> Category:
        """The category a product of category `name` (None: it has none) belongs to."""
        if name is None or not name.strip():
            return Category.uncategorized()
        return self._translations.get(name) or Category.untranslated(name)
