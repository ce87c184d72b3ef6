"""Every published event type and version, with its payload model. A new version is
registered beside the older ones: messages of those stay in the streams and stay readable."""

from __future__ import annotations

from pydantic import BaseModel

from contracts import customer, fulfillment, marketplace, sales

EVENTS: dict[tuple[str, int], type[BaseModel]] = {
    ("sales.order.placed", 1): sales.OrderPlacedV1,
    ("sales.order.approved", 1): sales.OrderApprovedV1,
    ("sales.payment.received", 1): sales.PaymentReceivedV1,
    ("sales.order.cancelled", 1): sales.OrderCancelledV1,
    ("sales.order.status_recorded", 1): sales.OrderStatusRecordedV1,
    ("marketplace.product.listed", 1): marketplace.ProductListedV1,
    ("marketplace.seller.registered", 1): marketplace.SellerRegisteredV1,
    ("marketplace.inventory.updated", 1): marketplace.InventoryUpdatedV1,
    ("customer.customer.registered", 1): customer.CustomerRegisteredV1,
    ("customer.customer.moved", 1): customer.CustomerMovedV1,
    ("customer.order.attributed", 1): customer.OrderAttributedV1,
    ("customer.segment.changed", 1): customer.SegmentChangedV1,
    ("customer.review.submitted", 1): customer.ReviewSubmittedV1,
    ("customer.review.submitted", 2): customer.ReviewSubmittedV2,
    ("fulfillment.shipment.dispatched", 1): fulfillment.ShipmentDispatchedV1,
    ("fulfillment.shipment.dispatched", 2): fulfillment.ShipmentDispatchedV2,
    ("fulfillment.delivery.completed", 1): fulfillment.DeliveryCompletedV1,
    ("fulfillment.delivery.delayed", 1): fulfillment.DeliveryDelayedV1,
    ("fulfillment.zip_area.located", 1): fulfillment.ZipAreaLocatedV1,
}

IMPORT_RECORDS: dict[str, type[BaseModel]] = {
    "sales.order": sales.OrderRecord,
    "sales.order_item": sales.OrderItemRecord,
    "sales.payment": sales.PaymentRecord,
    "marketplace.product": marketplace.ProductRecord,
    "marketplace.seller": marketplace.SellerRecord,
    "marketplace.category_translation": marketplace.CategoryTranslationRecord,
    "customer.customer": customer.CustomerRecord,
    "customer.order": customer.CustomerOrderRecord,
    "customer.payment": customer.CustomerPaymentRecord,
    "customer.review": customer.ReviewRecord,
    "fulfillment.order": fulfillment.DeliveryOrderRecord,
    "fulfillment.shipment_item": fulfillment.ShipmentItemRecord,
    "fulfillment.customer_location": fulfillment.CustomerLocationRecord,
    "fulfillment.seller_location": fulfillment.SellerLocationRecord,
    "fulfillment.geolocation": fulfillment.GeolocationRecord,
}


def latest_version(event_type: str) -> int:
    """The newest registered version of an event type (older ones stay registered)."""
    versions = [version for (kind, version) in EVENTS if kind == event_type]
    if not versions:
        raise KeyError(f"unknown event {event_type}")
    return max(versions)


def payload_model(event_type: str, schema_version: int) -> type[BaseModel]:
    try:
        return EVENTS[(event_type, schema_version)]
    except KeyError:
        raise KeyError(f"unknown event {event_type} v{schema_version}") from None
