from datetime import datetime, timedelta

import pytest

from services.sales.domain.events import (
    OrderApproved,
    OrderCancelled,
    OrderPlaced,
    OrderStatusRecorded,
    PaymentReceived,
)
from services.sales.domain.order import (
    Lifecycle,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentType,
    SalesRuleViolation,
)
from shared_kernel import DateRange, Money

T0 = datetime(2017, 10, 2, 10, 56, 33)


def order(status=OrderStatus.DELIVERED, approved=T0 + timedelta(minutes=11), items=1, payments=1):
    result = Order(
        "o" * 32,
        "c" * 32,
        status,
        Lifecycle(
            T0, approved, T0 + timedelta(days=2), T0 + timedelta(days=8), T0 + timedelta(days=16)
        ),
    )
    for number in range(1, items + 1):
        result.add_item(
            OrderItem(number, "p", "s", T0 + timedelta(days=3), Money.of("29.99"), Money.of("8.72"))
        )
    for sequential in range(1, payments + 1):
        result.add_payment(Payment(sequential, PaymentType.CREDIT_CARD, 3, Money.of("38.71")))
    return result


def test_an_order_tells_its_history_as_events_at_business_time():
    events = order().events()
    assert [type(e) for e in events] == [OrderPlaced, OrderApproved, PaymentReceived]
    placed, approved, paid = events
    assert placed.occurred_at == T0 and len(placed.items) == 1
    assert approved.occurred_at == paid.occurred_at == T0 + timedelta(minutes=11)
    assert approved.status == "approved"


def test_any_partition_of_time_into_windows_gives_the_full_history_once():
    subject = order(status=OrderStatus.CANCELED, items=2, payments=2)
    full = {e.event_id for e in subject.events()}
    cuts = [None, T0 + timedelta(minutes=5), T0 + timedelta(days=1), None]
    windowed = [
        e.event_id
        for start, end in zip(cuts, cuts[1:])
        for e in subject.events(DateRange(start, end))
    ]
    assert sorted(windowed) == sorted(full) and len(windowed) == len(full)


def test_event_ids_are_stable_and_change_with_content():
    first, second = order().events()[0], order().events()[0]
    assert first.event_id == second.event_id
    corrected = order(items=2).events()[0]
    assert corrected.event_id != first.event_id


def test_cancellation_happens_at_the_last_known_moment():
    events = order(status=OrderStatus.UNAVAILABLE).events()
    cancelled = [e for e in events if isinstance(e, OrderCancelled)]
    assert cancelled[0].status == "unavailable"
    assert cancelled[0].occurred_at == T0 + timedelta(days=8)


def test_invoiced_and_processing_ride_on_the_approval_event():
    approved = [
        e for e in order(status=OrderStatus.INVOICED).events() if isinstance(e, OrderApproved)
    ]
    assert approved[0].status == "invoiced"


def test_an_order_without_approval_has_no_approval_event_and_payments_at_purchase():
    events = order(status=OrderStatus.CREATED, approved=None).events()
    assert not any(isinstance(e, OrderApproved) for e in events)
    assert [e.occurred_at for e in events if isinstance(e, PaymentReceived)] == [T0]


def test_rules_refuse_impossible_orders_items_and_payments():
    with pytest.raises(SalesRuleViolation, match="approved before"):
        Order("o" * 32, "c" * 32, OrderStatus.APPROVED, Lifecycle(T0, T0 - timedelta(hours=1)))
    with pytest.raises(SalesRuleViolation, match="twice"):
        order().add_item(OrderItem(1, "p", "s", T0, Money.of("1.00"), Money.of("0.00")))
    with pytest.raises(SalesRuleViolation, match="twice"):
        order().add_payment(Payment(1, PaymentType.BOLETO, 1, Money.of("1.00")))
    with pytest.raises(SalesRuleViolation, match="negative"):
        OrderItem(1, "p", "s", T0, Money.of("-1.00"), Money.of("0.00"))
    with pytest.raises(SalesRuleViolation, match="installments"):
        Payment(1, PaymentType.BOLETO, 3, Money.of("10.00"))


def test_invoice_balances_payments_against_items_and_freight():
    settled = order().invoice()
    assert settled.amount_due == Money.of("38.71") and settled.is_settled
    underpaid = order(items=2).invoice()
    assert underpaid.balance == Money.of("-38.71") and not underpaid.is_settled


def _recorded(subject: Order) -> list[str]:
    return [e.status for e in subject.events() if isinstance(e, OrderStatusRecorded)]


def test_a_status_no_timestamp_reaches_is_published_as_recorded():
    undated = Order(
        "o" * 32,
        "c" * 32,
        OrderStatus.DELIVERED,
        Lifecycle(
            T0, T0 + timedelta(hours=1), T0 + timedelta(days=2), None, T0 + timedelta(days=16)
        ),
    )
    undated.add_item(
        OrderItem(1, "p", "s", T0 + timedelta(days=3), Money.of("1.00"), Money.of("1.00"))
    )
    (event,) = [e for e in undated.events() if isinstance(e, OrderStatusRecorded)]
    assert event.status == "delivered" and event.occurred_at == T0 + timedelta(days=2)
    nothing_to_hand_off = Order(
        "o" * 32,
        "c" * 32,
        OrderStatus.SHIPPED,
        Lifecycle(T0, T0 + timedelta(hours=1), T0 + timedelta(days=2)),
    )
    assert _recorded(nothing_to_hand_off) == ["shipped"]


def test_a_status_its_steps_show_is_not_published_again_whatever_the_timestamps_order():
    approved_after_delivery = Order(
        "o" * 32,
        "c" * 32,
        OrderStatus.DELIVERED,
        Lifecycle(T0, T0 + timedelta(days=9), T0 + timedelta(days=2), T0 + timedelta(days=8)),
    )
    approved_after_delivery.add_item(OrderItem(1, "p", "s", T0, Money.of("1"), Money.of("1")))
    assert _recorded(approved_after_delivery) == []
    for status in (OrderStatus.INVOICED, OrderStatus.CANCELED, OrderStatus.APPROVED):
        assert _recorded(order(status=status)) == []
