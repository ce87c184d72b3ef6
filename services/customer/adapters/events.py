"""Event translation: Customer domain events -> integration events in the contract envelope."""

from __future__ import annotations

from collections.abc import Callable

from services.chassis.events import envelope_translator
from services.customer.domain.events import (
    CustomerMoved,
    CustomerRegistered,
    OrderAttributed,
    ReviewSubmitted,
    SegmentChanged,
)
from shared_kernel import Address, DomainEvent


def _address(address: Address) -> dict:
    return {
        "zip_code_prefix": address.zip_code_prefix,
        "city": address.city,
        "state": address.state,
    }


def _registered(event: CustomerRegistered) -> dict:
    return {
        "customer_unique_id": event.customer_unique_id,
        "customer_id": event.customer_id,
        "address": _address(event.address),
    }


def _moved(event: CustomerMoved) -> dict:
    return {
        "customer_unique_id": event.customer_unique_id,
        "customer_id": event.customer_id,
        "address": _address(event.address),
        "previous_address": _address(event.previous_address),
    }


def _attributed(event: OrderAttributed) -> dict:
    return {
        "order_id": event.order_id,
        "customer_id": event.customer_id,
        "customer_unique_id": event.customer_unique_id,
    }


def _segment_changed(event: SegmentChanged) -> dict:
    previous = event.previous_segment.value if event.previous_segment else None
    return {
        "customer_unique_id": event.customer_unique_id,
        "segment": event.segment.value,
        "previous_segment": previous,
        "frequency": event.frequency,
        "monetary": str(event.monetary.amount),
    }


def _review_submitted(event: ReviewSubmitted) -> dict:
    return {
        "review_id": event.review_id,
        "order_id": event.order_id,
        "score": event.score,
        "title": event.title,
        "comment": event.comment,
        "answered_at": event.answered_at,
    }


PAYLOADS: dict[type, Callable] = {
    CustomerRegistered: _registered,
    CustomerMoved: _moved,
    OrderAttributed: _attributed,
    SegmentChanged: _segment_changed,
    ReviewSubmitted: _review_submitted,
}


def provenance_key(event: DomainEvent) -> tuple[str, ...]:
    """The source row an event stems from: the customer record, the order or the review."""
    if isinstance(event, (CustomerRegistered, CustomerMoved)):
        return ("account", event.customer_id)
    if isinstance(event, ReviewSubmitted):
        return ("review", event.review_id, event.order_id)
    assert isinstance(event, (OrderAttributed, SegmentChanged)), event
    return ("order", event.order_id)


def translator(source_of: Callable[[tuple], tuple[str, int] | None]):
    return envelope_translator(PAYLOADS, lambda event: source_of(provenance_key(event)))
