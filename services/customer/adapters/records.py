"""Source-record mapping: a row of an Olist file -> a Customer domain object (whose rules
raise CustomerRuleViolation or PlaceError, both ValueErrors, when broken)."""

from __future__ import annotations

from contracts.customer import (
    CustomerOrderRecord,
    CustomerPaymentRecord,
    CustomerRecord,
    ReviewRecord,
)
from services.chassis.intake.records import RecordMapping
from services.customer.domain.accounts import CustomerAccount
from services.customer.domain.orders import OrderPayment, OrderStatus, Purchase
from services.customer.domain.review import Review
from shared_kernel import Address, Money


def account_from(record: CustomerRecord) -> CustomerAccount:
    return CustomerAccount(
        customer_id=record.customer_id,
        customer_unique_id=record.customer_unique_id,
        address=Address(
            record.customer_zip_code_prefix, record.customer_city, record.customer_state
        ),
    )


def purchase_from(record: CustomerOrderRecord) -> Purchase:
    return Purchase(
        order_id=record.order_id,
        customer_id=record.customer_id,
        status=OrderStatus.of(record.order_status),
        purchased_at=record.order_purchase_timestamp,
    )


def payment_from(record: CustomerPaymentRecord) -> tuple[str, OrderPayment]:
    return record.order_id, OrderPayment(record.payment_sequential, Money(record.payment_value))


def review_from(record: ReviewRecord) -> Review:
    return Review(
        review_id=record.review_id,
        order_id=record.order_id,
        score=record.review_score,
        title=record.review_comment_title,
        comment=record.review_comment_message,
        created_at=record.review_creation_date,
        answered_at=record.review_answer_timestamp,
    )


MAPPINGS = {
    "customers": RecordMapping(CustomerRecord, account_from, "customer"),
    "orders": RecordMapping(CustomerOrderRecord, purchase_from, "order"),
    "payments": RecordMapping(CustomerPaymentRecord, payment_from, "payment"),
    "reviews": RecordMapping(ReviewRecord, review_from, "review"),
}
