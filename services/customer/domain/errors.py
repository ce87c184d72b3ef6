"""The one error every Customer rule raises: its message goes to quarantine."""

from __future__ import annotations


class CustomerRuleViolation(ValueError):
    """A customer record, order, payment or review that breaks a Customer rule; the reason
    goes to quarantine."""
