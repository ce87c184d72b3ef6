"""The kind of problem (`rule`) a quarantine reason names, on the reasons the source, the
import records' format checks, the domain rules and the orphan checks write
(docs/bad-input.md)."""

import pytest
from pydantic import ValidationError

from contracts.sales import OrderItemRecord
from services.chassis.intake.records import describe
from services.quality.adapters.quarantine import rule_of

ITEM = {
    "order_id": "00010242fe8c5a6d1ba2dd792cb16214",
    "order_item_id": "1",
    "product_id": "4244733e06e7ecb4970a6e2683c13e61",
    "seller_id": "48436dade18ac8b2bce089ec2a041202",
    "shipping_limit_date": "2017-09-19 09:45:35",
    "price": "58.90",
    "freight_value": "13.29",
}


def reason_of(**values: str) -> str:
    """The reason the chassis writes when the import record refuses these values."""
    with pytest.raises(ValidationError) as refused:
        OrderItemRecord.model_validate({**ITEM, **values})
    return describe(refused.value)


@pytest.mark.parametrize(
    "reason",
    [
        "line 12: too many fields (9, the header has 8)",
        "line 12: too few fields (4, the header has 5)",
        "line 12: unbalanced quote: a quoted field opens on this line and never closes",
        "line 12: malformed CSV: ',' expected after '\"'",
        "line 12, column order_status: not UTF-8 at byte 72 (0xe9)",
        "line 12, column customer_city: NUL character at byte 40",
        "line 12, column review_comment_message: field of 1,100,005 bytes, more than the"
        " limit of 1,048,576 bytes",
        "column customer_city: NUL character",  # the chassis' own mark of a NUL
    ],
)
def test_what_the_source_could_not_read_is_a_malformed_line(reason):
    assert rule_of(reason) == "malformed line"


@pytest.mark.parametrize(
    "reason",
    [
        "order_id: no such order in the source",
        "customer_id: no such customer in the source",
    ],
)
def test_a_row_whose_parent_never_arrived_is_an_orphan(reason):
    assert rule_of(reason) == "orphan"


def test_a_refused_field_is_the_rule():
    assert rule_of("price: Input should be greater than or equal to 0") == "price"
    assert rule_of(reason_of(price="-5.00")) == "price"
    assert rule_of(reason_of(shipping_limit_date="soon")) == "shipping_limit_date"
    assert rule_of("order_status: unknown status 'lost'") == "order_status"  # a domain rule


def test_several_refused_fields_are_named_each_once():
    reason = reason_of(price="-5.00", freight_value="x", order_item_id="0")
    assert reason.count("; ") == 2
    assert rule_of(reason) == "freight_value, order_item_id, price"
    assert rule_of("price: Input should be a number; price: too many digits") == "price"


@pytest.mark.parametrize(
    "reason",
    [
        "approved before it was purchased",
        "review score must be 1 to 5, got 7",
        "quantity cannot be negative: -1",
        "item 2 appears twice in the order",
    ],
)
def test_a_rule_the_domain_states_without_a_field_is_a_domain_rule(reason):
    assert rule_of(reason) == "domain rule"
