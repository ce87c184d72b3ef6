"""Intake use cases of Customer: stage the customer records, orders, payments and reviews
of a load, then rebuild every person and review it touched (chassis intake kit).

What a load touches, in the import scope: a customer record touches its person; an order
and its payments touch the order (which leads to its person through the order's customer
record, resolved at completion); a review touches its review id (every order it was given
on), and an order touches the reviews that came before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.use_cases import (
    Stager,
    by_kind,
    complete_in_chunks,
    scope_ids,
)
from services.customer.application.ports import CustomerUnitOfWork
from services.customer.domain.review import findings_among

PERSON, ORDER, REVIEW = "person", "order", "review"


def _accounts(uow: CustomerUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.customers.stage_accounts(command.load_id, command.accepted)
    return scope_ids(PERSON, (s.value.customer_unique_id for s in command.accepted))


def _purchases(uow: CustomerUnitOfWork, command: StageRecords) -> Sequence[str]:
    """An order touches itself and the reviews that came before it (they complete now)."""
    uow.customers.stage_purchases(command.load_id, command.accepted)
    order_ids = [s.value.order_id for s in command.accepted]
    return scope_ids(ORDER, order_ids) + scope_ids(REVIEW, uow.reviews.of_orders(order_ids))


def _payments(uow: CustomerUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.customers.stage_payments(command.load_id, command.accepted)
    return scope_ids(ORDER, (order_id for order_id, _ in (s.value for s in command.accepted)))


def _reviews(uow: CustomerUnitOfWork, command: StageRecords) -> Sequence[str]:
    uow.reviews.stage(command.load_id, command.accepted)
    return scope_ids(REVIEW, (s.value.review_id for s in command.accepted))


STAGERS: dict[str, Stager[CustomerUnitOfWork]] = {
    "customers": _accounts,
    "orders": _purchases,
    "payments": _payments,
    "reviews": _reviews,
}


def complete_load(uow: CustomerUnitOfWork, command: CompleteLoad) -> CompletionResult:
    """Rebuild every person and review the load touched and publish their events in the
    window.

    Orders whose customer record, payments whose order and reviews whose order never
    arrived are quarantined (they stay staged: a later load bringing it completes them).
    """
    rebuilt: set[str] = set()  # a person reached through several chunks is rebuilt once

    def complete_chunk(
        uow: CustomerUnitOfWork, command: CompleteLoad, ids: list[str], result: CompletionResult
    ) -> None:
        touched = by_kind(ids)
        _complete_people(uow, command, touched[PERSON], touched[ORDER], rebuilt, result)
        _complete_reviews(uow, command, touched[REVIEW], result)

    return complete_in_chunks(uow, command, complete_chunk, CompletionResult())


def _complete_people(
    uow: CustomerUnitOfWork,
    command: CompleteLoad,
    people_ids: list[str],
    order_ids: list[str],
    rebuilt: set[str],
    result: CompletionResult,
) -> None:
    people = [
        person
        for person in uow.customers.people_touched(people_ids, order_ids)
        if person not in rebuilt
    ]
    customers = uow.customers.get_many(people)
    for customer in customers:
        uow.publish(customer.events(command.window), load_id=command.load_id)
    orphans = uow.customers.orphans(order_ids)
    uow.quarantine.add(command.load_id, orphans)
    rebuilt.update(people)
    result.aggregates += len(customers)
    result.orphans += len(orphans)


def _complete_reviews(
    uow: CustomerUnitOfWork, command: CompleteLoad, review_ids: list[str], result: CompletionResult
) -> None:
    if not review_ids:
        return
    reviews = uow.reviews.get_many(review_ids)
    for review in reviews:
        uow.publish(review.events(command.window), load_id=command.load_id)
    uow.reviews.record_findings(findings_among(reviews))
    orphans = uow.reviews.orphans(review_ids)
    uow.quarantine.add(command.load_id, orphans)
    result.aggregates += len(reviews)
    result.orphans += len(orphans)
