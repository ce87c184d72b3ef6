"""The bounded contexts: those that take source rows and publish integration events (each
with its own schema, role and stream `<CONTEXT>`), in the order reference data comes
first, the one that projects them into the star schema, and the one that judges each load."""

from __future__ import annotations

PUBLISHING_CONTEXTS: tuple[str, ...] = ("marketplace", "customer", "fulfillment", "sales")
REPORTING = "reporting"
QUALITY = "quality"  # judges each load; publishes its gate's decisions on stream QUALITY
SERVICES: tuple[str, ...] = (*PUBLISHING_CONTEXTS, REPORTING, QUALITY)  # in start order
