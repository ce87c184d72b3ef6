"""Sales's records of a person: who placed their orders (the orders stay, counted)."""

from __future__ import annotations

from services.chassis.personal_records import ERASED, PersonalRecords

PERSONAL_RECORDS = PersonalRecords(
    "sales",
    export={"orders": "SELECT * FROM sales.customer_order WHERE order_id = ANY(%(orders)s)"},
    erase=(
        f"UPDATE sales.customer_order SET customer_id = '{ERASED}'"
        " WHERE customer_id = ANY(%(people)s)",
    ),
)
