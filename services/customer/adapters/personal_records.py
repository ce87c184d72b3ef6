"""Customer's records of a person: their customer records, their orders' attribution, and
the words of their reviews."""

from __future__ import annotations

from services.chassis.personal_records import ERASED, PersonalRecords

PERSONAL_RECORDS = PersonalRecords(
    "customer",
    export={
        "accounts": "SELECT * FROM customer.account WHERE customer_unique_id = ANY(%(people)s)",
        "orders": "SELECT * FROM customer.customer_order WHERE order_id = ANY(%(orders)s)",
        "payments": "SELECT * FROM customer.payment WHERE order_id = ANY(%(orders)s)",
        "reviews": "SELECT * FROM customer.review WHERE order_id = ANY(%(orders)s)",
    },
    erase=(
        "DELETE FROM customer.account WHERE customer_unique_id = ANY(%(people)s)"
        " OR customer_id = ANY(%(people)s)",
        f"UPDATE customer.customer_order SET customer_id = '{ERASED}'"
        " WHERE customer_id = ANY(%(people)s)",
        "UPDATE customer.review SET title = NULL, comment = NULL WHERE order_id = ANY(%(orders)s)",
    ),
)
