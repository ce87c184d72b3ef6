"""Fulfillment's records of a person: where their orders went (deliveries stay, counted)."""

from __future__ import annotations

from services.chassis.personal_records import ERASED, PersonalRecords

PERSONAL_RECORDS = PersonalRecords(
    "fulfillment",
    export={
        "deliveries": "SELECT * FROM fulfillment.delivery WHERE order_id = ANY(%(orders)s)",
        "locations": "SELECT * FROM fulfillment.customer_location WHERE customer_id = ANY(%(people)s)",
    },
    erase=(
        f"UPDATE fulfillment.delivery SET customer_id = '{ERASED}'"
        " WHERE customer_id = ANY(%(people)s)",
        "DELETE FROM fulfillment.customer_location WHERE customer_id = ANY(%(people)s)",
    ),
)
