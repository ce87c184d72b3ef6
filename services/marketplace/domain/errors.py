"""The one error every Marketplace rule raises: its message goes to quarantine (imports)
or back to the caller (the inventory API)."""

from __future__ import annotations


class MarketplaceRuleViolation(ValueError):
    """A product, seller, category or stock level that breaks a Marketplace rule."""
