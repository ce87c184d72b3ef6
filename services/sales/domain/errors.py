"""The one error every Sales rule raises: its message goes to quarantine."""

from __future__ import annotations


class SalesRuleViolation(ValueError):
    """An order, item or payment that breaks a Sales rule; the reason goes to quarantine."""
