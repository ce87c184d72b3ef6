"""Source-record mapping: a row of an Olist file -> a Fulfillment domain object (whose
rules raise FulfillmentRuleViolation or PlaceError, both ValueErrors, when broken)."""

from __future__ import annotations

from contracts.fulfillment import (
    CustomerLocationRecord,
    DeliveryOrderRecord,
    GeolocationRecord,
    SellerLocationRecord,
    ShipmentItemRecord,
)
from services.chassis.intake.records import RecordMapping
from services.fulfillment.domain.delivery import Delivery
from services.fulfillment.domain.geography import GeoPoint, Location
from services.fulfillment.domain.shipment import ShipmentItem
from shared_kernel import Address, Geolocation


def point_from(record: GeolocationRecord) -> GeoPoint:
    return GeoPoint(
        Address(
            record.geolocation_zip_code_prefix, record.geolocation_city, record.geolocation_state
        ),
        Geolocation(record.geolocation_lat, record.geolocation_lng),
    )


def delivery_from(record: DeliveryOrderRecord) -> Delivery:
    return Delivery(
        order_id=record.order_id,
        customer_id=record.customer_id,
        status=record.order_status,
        purchased_at=record.order_purchase_timestamp,
        dispatched_at=record.order_delivered_carrier_date,
        delivered_at=record.order_delivered_customer_date,
        estimated_at=record.order_estimated_delivery_date,
    )


def item_from(record: ShipmentItemRecord) -> tuple[str, ShipmentItem]:
    return record.order_id, ShipmentItem(
        record.order_item_id, record.seller_id, record.shipping_limit_date
    )


def customer_location_from(record: CustomerLocationRecord) -> Location:
    return Location(record.customer_id, record.customer_zip_code_prefix)


def seller_location_from(record: SellerLocationRecord) -> Location:
    return Location(record.seller_id, record.seller_zip_code_prefix)


MAPPINGS = {
    "geolocation": RecordMapping(GeolocationRecord, point_from, "geolocation"),
    "orders": RecordMapping(DeliveryOrderRecord, delivery_from, "order"),
    "shipment_items": RecordMapping(ShipmentItemRecord, item_from, "shipment_item"),
    "customer_locations": RecordMapping(
        CustomerLocationRecord, customer_location_from, "customer_location"
    ),
    "seller_locations": RecordMapping(
        SellerLocationRecord, seller_location_from, "seller_location"
    ),
}
