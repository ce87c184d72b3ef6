"""Use cases of an import: stage source records, then complete the load into events."""
from __future__ import annotations


from services.chassis.staging import CompleteLoad, CompletionResult, StageRecords
from services.customer.application.ports import CustomerUnitOfWork
from services.customer.application.scope import REVIEW, Touched, touched_ids
from services.customer.domain.review import findings_among


def stage_records(uow: CustomerUnitOfWork, command: StageRecords) -> None:
    """Keep valid records as Customer state and invalid ones in quarantine, in one transaction."""
    with uow:
        stage = {
            "customers": uow.customers.stage_accounts,
            "orders": uow.customers.stage_purchases,
            "payments": uow.customers.stage_payments,
            "reviews": uow.reviews.stage,
        }[command.kind]
        stage(command.load_id, command.accepted)
        touched = touched_ids(command.kind, [s.value for s in command.accepted])
        if command.kind == "orders":  # a review that came before its order completes now
            touched += [f"{REVIEW}:{review_id}" for review_id in uow.reviews.of_orders(
                [s.value.order_id for s in command.accepted])]
        uow.scope.touch(command.load_id, touched)
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()


def complete_load(uow: CustomerUnitOfWork, command: CompleteLoad,
                  chunk: int = 2000) -> CompletionResult:
    """Rebuild every person and review the load touched and publish their events in the
    window; one transaction per chunk of the import scope.

    Orders whose customer record, payments whose order and reviews whose order never
    arrived are quarantined (they stay staged: a later load bringing it completes them).
    """
    result = CompletionResult()
    rebuilt: set[str] = set()  # a person reached through several chunks is rebuilt once
    after = ""
    while True:
        with uow:
            scope_ids = uow.scope.chunk(command.load_id, after, chunk)
            if not scope_ids:
                return result
            touched = Touched.of(scope_ids)
            _complete_people(uow, command, touched, rebuilt, result)
            _complete_reviews(uow, command, touched.reviews, result)
            uow.commit()
            result.events += uow.events_appended
            after = scope_ids[-1]


def _complete_people(uow: CustomerUnitOfWork, command: CompleteLoad, touched: Touched,
                     rebuilt: set[str], result: CompletionResult) -> None:
    people = [person for person in uow.customers.people_touched(touched.people, touched.orders)
              if person not in rebuilt]
    customers = uow.customers.get_many(people)
    for customer in customers:
        uow.publish(customer.events(command.window), load_id=command.load_id)
    orphans = uow.customers.orphans(touched.orders)
    uow.quarantine.add(command.load_id, orphans)
    rebuilt.update(people)
    result.aggregates += len(customers)
    result.orphans += len(orphans)


def _complete_reviews(uow: CustomerUnitOfWork, command: CompleteLoad, review_ids: list[str],
                      result: CompletionResult) -> None:
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
