"""The bounded contexts: those that take source rows and publish integration events (each
with its own schema, role and stream `<CONTEXT>`), in the order reference data comes
first, and the one that projects them into the star schema."""

from __future__ import annotations

PUBLISHING_CONTEXTS: tuple[str, ...] = ("marketplace", "customer", "fulfillment", "sales")
REPORTING = "reporting"
SERVICES: tuple[str, ...] = (*PUBLISHING_CONTEXTS, REPORTING)  # in start order
