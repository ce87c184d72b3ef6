"""PostgreSQL adapter of the customer repository: explicit row <-> aggregate translation,
one query per table for a whole chunk of people."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.orphans import absent_parents
from services.chassis.intake.staging import StagedTable
from services.chassis.repository import SqlRepository
from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.customer import Customer
from services.customer.domain.orders import OrderPayment, OrderStatus, Purchase
from shared_kernel import Address, Money

SCHEMA = "customer"


def _account_row(account: CustomerAccount) -> tuple:
    address = account.address
    return (
        account.customer_id,
        account.customer_unique_id,
        address.zip_code_prefix,
        address.city,
        address.state,
    )


def _order_row(p: Purchase) -> tuple:
    return p.order_id, p.customer_id, p.status.value, p.purchased_at


def _payment_row(line: tuple[str, OrderPayment]) -> tuple:
    order_id, payment = line
    return order_id, payment.sequential, payment.value.amount


ACCOUNTS = StagedTable(
    "customer.account",
    "customer_id customer_unique_id zip_code_prefix city state",
    key="customer_id",
    row=_account_row,
)
ORDERS = StagedTable(
    "customer.customer_order",
    "order_id customer_id status purchased_at",
    key="order_id",
    row=_order_row,
)
PAYMENTS = StagedTable(
    "customer.payment", "order_id sequential value", key="order_id sequential", row=_payment_row
)

PEOPLE_TOUCHED = text(
    "SELECT customer_unique_id FROM customer.account WHERE customer_unique_id = ANY(:people)"
    " UNION SELECT a.customer_unique_id FROM customer.customer_order o"
    " JOIN customer.account a ON a.customer_id = o.customer_id WHERE o.order_id = ANY(:orders)"
    " ORDER BY 1"
)
ACCOUNTS_OF = text(
    "SELECT customer_id, customer_unique_id, zip_code_prefix, city, state, source_file,"
    " source_row FROM customer.account WHERE customer_unique_id = ANY(:ids)"
)
ORDERS_OF = text(
    "SELECT o.order_id, o.customer_id, o.status, o.purchased_at, a.customer_unique_id,"
    " o.source_file, o.source_row FROM customer.customer_order o"
    " JOIN customer.account a ON a.customer_id = o.customer_id"
    " WHERE a.customer_unique_id = ANY(:ids)"
)
PAYMENTS_OF = text(
    "SELECT p.order_id, p.sequential, p.value, a.customer_unique_id FROM customer.payment p"
    " JOIN customer.customer_order o ON o.order_id = p.order_id"
    " JOIN customer.account a ON a.customer_id = o.customer_id"
    " WHERE a.customer_unique_id = ANY(:ids)"
)
ORPHANS = text(
    # sql: identifiers only (absent_parents of constant table and column names)
    "SELECT 'order', o.source_file, o.source_row, 'customer_id: no such customer in the source',"
    " jsonb_build_object('order_id', o.order_id, 'customer_id', o.customer_id,"
    " 'order_status', o.status, 'order_purchase_timestamp', o.purchased_at)"
    " FROM customer.customer_order o WHERE o.order_id = ANY(:ids) AND NOT EXISTS"
    " (SELECT 1 FROM customer.account a WHERE a.customer_id = o.customer_id)"
    " UNION ALL"
    " SELECT 'payment', p.source_file, p.source_row, 'order_id: no such order in the source',"
    " jsonb_build_object('order_id', p.order_id, 'payment_sequential', p.sequential,"
    " 'payment_value', p.value::text)"
    " FROM customer.payment p WHERE p.order_id = ANY("
    f"{absent_parents('customer.customer_order', 'order_id')})"
)


class PostgresCustomerRepository(SqlRepository):
    def stage_accounts(self, load_id: str, accounts: Sequence[Sourced[CustomerAccount]]) -> None:
        ACCOUNTS.stage(self._connection, load_id, accounts)

    def stage_purchases(self, load_id: str, purchases: Sequence[Sourced[Purchase]]) -> None:
        ORDERS.stage(self._connection, load_id, purchases)

    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, OrderPayment]]]
    ) -> None:
        PAYMENTS.stage(self._connection, load_id, payments)

    def people_touched(self, people: Sequence[str], order_ids: Sequence[str]) -> list[str]:
        """The people behind these customer_unique_ids and orders: one query."""
        if not people and not order_ids:
            return []
        return self._column(PEOPLE_TOUCHED, people=list(people), orders=list(order_ids))

    def get_many(self, customer_unique_ids: Sequence[str]) -> list[Customer]:
        if not customer_unique_ids:
            return []
        ids = {"ids": list(customer_unique_ids)}
        people = {person: Customer(person) for person in customer_unique_ids}
        for row in self._connection.execute(ACCOUNTS_OF, ids):
            address = Address(row.zip_code_prefix, row.city, row.state)
            people[row.customer_unique_id].add_account(
                CustomerAccount(row.customer_id, row.customer_unique_id, address)
            )
            self._sources.note(("account", row.customer_id), row)
        for row in self._connection.execute(ORDERS_OF, ids):
            purchase = Purchase(
                row.order_id, row.customer_id, OrderStatus(row.status), row.purchased_at
            )
            people[row.customer_unique_id].attribute(purchase)
            self._sources.note(("order", row.order_id), row)
        for row in self._connection.execute(PAYMENTS_OF, ids):
            people[row.customer_unique_id].receive_payment(
                row.order_id, OrderPayment(row.sequential, Money(row.value))
            )
        return [customer for customer in people.values() if customer.accounts]

    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]:
        """Staged orders whose customer record, and payments whose order, never arrived."""
        if not order_ids:
            return []
        rows = self._connection.execute(ORPHANS, {"ids": list(order_ids)})
        return [
            Rejection(file, row, kind, reason, record) for kind, file, row, reason, record in rows
        ]
