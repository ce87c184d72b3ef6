"""What Customer publishes reads back through its contract."""

from datetime import datetime, timedelta

from contracts.decoding import decode
from contracts.upcasting import upcast
from services.chassis.events import envelope_translator
from services.customer.adapters.events import PUBLISHED
from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.customer import Customer
from services.customer.domain.orders import OrderPayment, OrderStatus, Purchase
from services.customer.domain.review import Review
from shared_kernel import Address, Money

T0 = datetime(2017, 3, 4, 9, 12, 45)
PERSON = "861eff4711a542e4b93843c6dd7febb0"


def person_who_moved() -> Customer:
    customer = Customer(PERSON)
    for n, (address, value) in enumerate(
        [
            (Address("14409", "franca", "SP"), "120.50"),
            (Address("09790", "sao bernardo do campo", "SP"), "310.00"),
        ],
        start=1,
    ):
        customer.add_account(CustomerAccount(f"{n:032x}", PERSON, address))
        customer.attribute(
            Purchase(f"{n:031x}a", f"{n:032x}", OrderStatus.DELIVERED, T0 + timedelta(days=60 * n))
        )
        customer.receive_payment(f"{n:031x}a", OrderPayment(1, Money.of(value)))
    return customer


def test_every_customer_event_reads_back_through_the_contract():
    review = Review(
        "7bc2406110b926393aa56f80a40eba40",
        f"{1:031x}a",
        4,
        "Ótimo",
        None,
        datetime(2018, 1, 18),
        datetime(2018, 1, 18, 21, 46, 59),
    )
    events = person_who_moved().events() + review.events()
    translate = envelope_translator(PUBLISHED, lambda key: ("olist_customers_dataset.csv", 3))
    decoded = {}
    for event in events:
        message = translate(event, "load-1")
        envelope = decode(message.body)
        assert str(envelope.event_id) == message.message_id == str(event.event_id)
        assert message.subject == f"{event.event_type}.v{event.schema_version}"
        assert envelope.occurred_at == event.occurred_at and envelope.source.row == 3
        decoded.setdefault(event.event_type, []).append(envelope.payload)
    assert set(decoded) == {
        "customer.customer.registered",
        "customer.customer.moved",
        "customer.order.attributed",
        "customer.segment.changed",
        "customer.review.submitted",
    }
    moved = decoded["customer.customer.moved"][0]
    assert (moved.previous_address.zip_code_prefix, moved.address.zip_code_prefix) == (
        "14409",
        "09790",
    )
    last_change = decoded["customer.segment.changed"][-1]
    assert (last_change.segment, last_change.previous_segment) == ("loyal", "new")
    assert str(last_change.monetary) == "430.50" and last_change.frequency == 2
    submitted = decoded["customer.review.submitted"][0]
    assert (submitted.has_title, submitted.has_comment, submitted.comment_length) == (
        True,
        False,
        0,
    )
    assert "Ótimo" not in translate(review.events()[0], "load-1").body.decode()  # the words stay


def test_a_v1_review_retained_in_the_stream_reads_as_v2_without_its_words():
    v1 = {
        "review_id": "r",
        "order_id": "o",
        "score": 5,
        "title": "Ótimo",
        "comment": "  chegou rápido ",
        "answered_at": None,
    }
    v2 = upcast("customer.review.submitted", 1, v1, 2)
    assert v2 == {
        "review_id": "r",
        "order_id": "o",
        "score": 5,
        "answered_at": None,
        "has_title": True,
        "has_comment": True,
        "comment_length": 16,
    }
