"""What the Customer use cases need from the outside world, as Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.intake.ports import IntakeUnitOfWork
from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.customer import Customer
from services.customer.domain.orders import OrderPayment, Purchase
from services.customer.domain.review import Review, ReviewFinding


class CustomerRepository(Protocol):
    def stage_accounts(
        self, load_id: str, accounts: Sequence[Sourced[CustomerAccount]]
    ) -> None: ...
    def stage_purchases(self, load_id: str, purchases: Sequence[Sourced[Purchase]]) -> None: ...
    def stage_payments(
        self, load_id: str, payments: Sequence[Sourced[tuple[str, OrderPayment]]]
    ) -> None: ...
    def people_touched(self, people: Sequence[str], order_ids: Sequence[str]) -> list[str]: ...
    def get_many(self, customer_unique_ids: Sequence[str]) -> list[Customer]: ...
    def orphans(self, order_ids: Sequence[str]) -> list[Rejection]: ...


class ReviewRepository(Protocol):
    def stage(self, load_id: str, reviews: Sequence[Sourced[Review]]) -> None: ...
    def get_many(self, review_ids: Sequence[str]) -> list[Review]: ...
    def orphans(self, review_ids: Sequence[str]) -> list[Rejection]: ...
    def of_orders(self, order_ids: Sequence[str]) -> list[str]: ...
    def record_findings(self, findings: Sequence[ReviewFinding]) -> None: ...


class CustomerUnitOfWork(IntakeUnitOfWork, Protocol):
    customers: CustomerRepository
    reviews: ReviewRepository
