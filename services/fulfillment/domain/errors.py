from __future__ import annotations


class FulfillmentRuleViolation(ValueError):
    """A delivery, shipment or place that breaks a Fulfillment rule; the reason goes to
    quarantine."""
