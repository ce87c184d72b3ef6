"""What Olist knows of a product's listing and package: lengths, photos, weight, size."""

from __future__ import annotations

from dataclasses import dataclass, fields

from services.marketplace.domain.errors import MarketplaceRuleViolation


@dataclass(frozen=True, slots=True)
class Measures:
    """Counts and measures are whole non-negative numbers, or None where Olist does not
    know them (about 600 products have no listing data, 2 no package data)."""

    name_length: int | None = None
    description_length: int | None = None
    photos_qty: int | None = None
    weight_g: int | None = None
    length_cm: int | None = None
    height_cm: int | None = None
    width_cm: int | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise MarketplaceRuleViolation(f"{field.name} must be a whole number: {value!r}")
            if value < 0:
                raise MarketplaceRuleViolation(f"{field.name} cannot be negative: {value}")
