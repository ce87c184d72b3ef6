from datetime import datetime, timedelta

import pytest

from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.customer import Customer
from services.customer.domain.errors import CustomerRuleViolation
from services.customer.domain.events import (
    CustomerMoved,
    CustomerRegistered,
    OrderAttributed,
    SegmentChanged,
)
from services.customer.domain.loyalty import Segment
from services.customer.domain.orders import OrderPayment, OrderStatus, Purchase
from services.customer.domain.review import REPEATED_REVIEW_ID, Review, findings_among
from shared_kernel import Address, DateRange, Money
from shared_kernel.places import PlaceError

T0 = datetime(2017, 10, 2, 10, 56, 33)
PERSON = "8" * 32
FRANCA = Address("14409", "franca", "SP")
SAO_PAULO = Address("01310", "sao paulo", "SP")


class Shopper:
    """A person built order by order, the way the repository rebuilds one."""

    def __init__(self) -> None:
        self.customer = Customer(PERSON)
        self.count = 0

    def buys(
        self,
        at: datetime,
        value: str = "50.00",
        address: Address = FRANCA,
        status: OrderStatus = OrderStatus.DELIVERED,
    ) -> str:
        self.count += 1
        customer_id, order_id = f"{self.count:032x}", f"{self.count:031x}f"
        self.customer.add_account(CustomerAccount(customer_id, PERSON, address))
        self.customer.attribute(Purchase(order_id, customer_id, status, at))
        self.customer.receive_payment(order_id, OrderPayment(1, Money.of(value)))
        return order_id


def of_type(events, kind):
    return [event for event in events if isinstance(event, kind)]


def test_a_person_registers_with_the_first_order_whatever_order_arrived_first():
    shopper = Shopper()
    shopper.buys(T0 + timedelta(days=30), address=SAO_PAULO)
    shopper.buys(T0, status=OrderStatus.CANCELED)
    [registered] = of_type(shopper.customer.events(), CustomerRegistered)
    assert registered.occurred_at == T0
    assert registered.address == FRANCA and registered.customer_id == f"{2:032x}"


def test_every_order_is_attributed_to_its_person_at_purchase():
    shopper = Shopper()
    first, second = shopper.buys(T0), shopper.buys(T0 + timedelta(days=3))
    attributed = of_type(shopper.customer.events(), OrderAttributed)
    assert [(e.order_id, e.occurred_at) for e in attributed] == [
        (first, T0),
        (second, T0 + timedelta(days=3)),
    ]
    assert {e.customer_unique_id for e in attributed} == {PERSON}


def test_an_order_from_a_new_zip_prefix_is_a_move_and_so_is_moving_back():
    shopper = Shopper()
    shopper.buys(T0)
    shopper.buys(T0 + timedelta(days=10), address=Address("14409", "Franca", "SP"))
    shopper.buys(T0 + timedelta(days=40), address=SAO_PAULO)
    shopper.buys(T0 + timedelta(days=90))
    moves = of_type(shopper.customer.events(), CustomerMoved)
    assert [(m.occurred_at, m.previous_address, m.address) for m in moves] == [
        (T0 + timedelta(days=40), FRANCA, SAO_PAULO),
        (T0 + timedelta(days=90), SAO_PAULO, FRANCA),
    ]
    assert moves[0].customer_id == f"{3:032x}"
    assert shopper.customer.address_history().current.address == FRANCA


def test_segments_follow_the_purchases_and_change_only_when_they_differ():
    shopper = Shopper()
    shopper.buys(T0, "80.00")
    shopper.buys(T0 + timedelta(days=20), "90.00")
    shopper.buys(T0 + timedelta(days=50), "60.00")  # 3 orders but 230 spent: still loyal
    shopper.buys(T0 + timedelta(days=70), "400.00")  # 4 orders, 630 spent
    changes = of_type(shopper.customer.events(), SegmentChanged)
    assert [(c.occurred_at, c.previous_segment, c.segment) for c in changes] == [
        (T0, None, Segment.NEW),
        (T0 + timedelta(days=20), Segment.NEW, Segment.LOYAL),
        (T0 + timedelta(days=70), Segment.LOYAL, Segment.CHAMPION),
    ]
    assert changes[-1].frequency == 4 and changes[-1].monetary == Money.of("630.00")


def test_one_large_first_purchase_is_promising():
    shopper = Shopper()
    shopper.buys(T0, "300.00")
    assert shopper.customer.calculate_segment(T0) == Segment.PROMISING


def test_time_without_purchases_puts_people_at_risk_or_to_sleep():
    valuable, modest = Shopper(), Shopper()
    valuable.buys(T0, "120.00")
    valuable.buys(T0 + timedelta(days=5), "120.00")
    modest.buys(T0 + timedelta(days=5), "40.00")
    last = T0 + timedelta(days=5)
    assert valuable.customer.calculate_segment(last + timedelta(days=180)) == Segment.LOYAL
    assert valuable.customer.calculate_segment(last + timedelta(days=181)) == Segment.AT_RISK
    assert modest.customer.calculate_segment(last + timedelta(days=181)) == Segment.HIBERNATING
    assert valuable.customer.calculate_segment(last + timedelta(days=366)) == Segment.HIBERNATING


def test_canceled_and_unavailable_orders_do_not_count():
    shopper = Shopper()
    shopper.buys(T0, "80.00")
    shopper.buys(T0 + timedelta(days=2), "500.00", status=OrderStatus.CANCELED)
    shopper.buys(T0 + timedelta(days=3), "500.00", status=OrderStatus.UNAVAILABLE)
    assert shopper.customer.calculate_segment(T0 + timedelta(days=3)) == Segment.NEW
    assert len(of_type(shopper.customer.events(), SegmentChanged)) == 1


def test_a_canceled_order_long_after_the_last_sale_finds_the_person_at_risk():
    shopper = Shopper()
    shopper.buys(T0, "350.00")
    shopper.buys(T0 + timedelta(days=200), "99.00", status=OrderStatus.CANCELED)
    changes = of_type(shopper.customer.events(), SegmentChanged)
    assert [(c.occurred_at, c.segment) for c in changes] == [
        (T0, Segment.PROMISING),
        (T0 + timedelta(days=200), Segment.AT_RISK),
    ]


def test_a_person_whose_only_order_was_canceled_has_no_segment_but_is_registered():
    shopper = Shopper()
    shopper.buys(T0, status=OrderStatus.CANCELED)
    events = shopper.customer.events()
    assert shopper.customer.calculate_segment(T0 + timedelta(days=1)) is None
    assert of_type(events, SegmentChanged) == [] and len(of_type(events, CustomerRegistered)) == 1


def test_orders_bought_in_the_same_second_change_the_segment_once():
    shopper = Shopper()
    shopper.buys(T0, "20.00")
    shopper.buys(T0, "20.00")
    [change] = of_type(shopper.customer.events(), SegmentChanged)
    assert change.segment == Segment.LOYAL and change.frequency == 2


def test_a_customer_record_without_orders_is_kept_but_tells_nothing():
    customer = Customer(PERSON)
    customer.add_account(CustomerAccount("c" * 32, PERSON, FRANCA))
    assert customer.events() == [] and customer.calculate_segment(T0) is None


def test_windows_select_events_from_the_full_history():
    shopper = Shopper()
    shopper.buys(T0)
    shopper.buys(T0 + timedelta(days=40), "400.00", address=SAO_PAULO)
    full = shopper.customer.events()
    cut = T0 + timedelta(days=1)
    later = shopper.customer.events(DateRange(cut, None))
    assert sorted(
        e.event_id for e in shopper.customer.events(DateRange(None, cut)) + later
    ) == sorted(e.event_id for e in full)
    # the move and the loyal segment are known in the later window alone, from earlier orders
    assert {type(e) for e in later} == {OrderAttributed, CustomerMoved, SegmentChanged}
    assert of_type(later, SegmentChanged)[0].previous_segment == Segment.NEW


def test_event_ids_are_stable_and_change_with_content():
    def history(value):
        shopper = Shopper()
        shopper.buys(T0, value)
        return {type(e): e.event_id for e in shopper.customer.events()}

    first, again, corrected = history("50.00"), history("50.00"), history("60.00")
    assert first == again
    assert corrected[SegmentChanged] != first[SegmentChanged]
    assert corrected[OrderAttributed] == first[OrderAttributed]


def test_rules_refuse_what_cannot_be():
    customer = Customer(PERSON)
    with pytest.raises(CustomerRuleViolation, match="belongs to"):
        customer.add_account(CustomerAccount("c" * 32, "9" * 32, FRANCA))
    with pytest.raises(CustomerRuleViolation, match="customer_id"):
        customer.attribute(Purchase("o" * 32, "c" * 32, OrderStatus.DELIVERED, T0))
    shopper = Shopper()
    order_id = shopper.buys(T0)
    with pytest.raises(CustomerRuleViolation, match="twice"):
        shopper.customer.receive_payment(order_id, OrderPayment(1, Money.of("1.00")))
    with pytest.raises(CustomerRuleViolation, match="unknown status"):
        OrderStatus.of("lost")
    with pytest.raises(PlaceError, match="state"):
        Address("14409", "franca", "XX")


def review(review_id="r" * 32, order_id="o" * 32, score=4, answered=T0 + timedelta(hours=20)):
    return Review(review_id, order_id, score, None, "chegou antes do prazo", T0, answered)


def test_a_review_is_submitted_at_its_creation_date():
    [submitted] = review().events()
    assert submitted.occurred_at == T0 and submitted.score == 4
    assert review().events(DateRange(T0 + timedelta(seconds=1), None)) == []


def test_a_review_cannot_be_answered_before_it_was_created_nor_score_out_of_range():
    with pytest.raises(CustomerRuleViolation, match="answered before"):
        review(answered=T0 - timedelta(seconds=1))
    with pytest.raises(CustomerRuleViolation, match="1 to 5"):
        review(score=0)


def test_a_review_id_given_on_several_orders_is_a_finding_not_an_error():
    reviews = [review(order_id="a" * 32), review(order_id="b" * 32), review("s" * 32)]
    findings = findings_among(reviews)
    assert [(f.review_id, f.order_id, f.kind) for f in findings] == [
        ("r" * 32, "a" * 32, REPEATED_REVIEW_ID),
        ("r" * 32, "b" * 32, REPEATED_REVIEW_ID),
    ]
    assert len({e.event_id for r in reviews for e in r.events()}) == 3


def test_a_review_dated_before_its_order_counts_from_the_purchase():
    from datetime import datetime

    from services.customer.domain.review import Review

    created = datetime(2017, 3, 1)
    on_time = Review("r" * 32, "o" * 32, 5, None, None, created, None, datetime(2017, 2, 20, 10))
    early = Review("r" * 32, "p" * 32, 4, None, None, created, None, datetime(2017, 3, 9, 15))
    assert on_time.submitted_at == created
    assert early.submitted_at == datetime(2017, 3, 9, 15)
    assert early.events()[0].occurred_at == datetime(2017, 3, 9, 15)
