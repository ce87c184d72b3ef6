"""Fulfillment context: shipments, deliveries and geography. Import records and events."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from contracts.fields import OlistId, OptionalTimestamp, SourceRecord, State, ZipPrefix

# --- import records -----------------------------------------------------------------


class DeliveryOrderRecord(SourceRecord):
    """olist_orders_dataset.csv, the columns Fulfillment needs."""

    order_id: OlistId
    customer_id: OlistId
    order_status: str
    order_purchase_timestamp: datetime
    order_delivered_carrier_date: OptionalTimestamp = None
    order_delivered_customer_date: OptionalTimestamp = None
    order_estimated_delivery_date: OptionalTimestamp = None


class ShipmentItemRecord(SourceRecord):
    """olist_order_items_dataset.csv, the columns Fulfillment needs."""

    order_id: OlistId
    order_item_id: int = Field(ge=1)
    seller_id: OlistId
    shipping_limit_date: datetime


class CustomerLocationRecord(SourceRecord):
    """olist_customers_dataset.csv, the columns Fulfillment needs: where a delivery goes."""

    customer_id: OlistId
    customer_zip_code_prefix: ZipPrefix


class SellerLocationRecord(SourceRecord):
    """olist_sellers_dataset.csv, the columns Fulfillment needs: where a shipment starts."""

    seller_id: OlistId
    seller_zip_code_prefix: ZipPrefix


class GeolocationRecord(SourceRecord):
    geolocation_zip_code_prefix: ZipPrefix
    geolocation_lat: float = Field(ge=-90, le=90)
    geolocation_lng: float = Field(ge=-180, le=180)
    geolocation_city: str = Field(min_length=1)
    geolocation_state: State


# --- integration events -------------------------------------------------------------


class ShipmentDispatchedV1(BaseModel):
    """fulfillment.shipment.dispatched v1: a seller's part of an order was handed to the
    carrier (occurred_at = hand-off). Olist records one hand-off time per order."""

    order_id: str
    seller_id: str
    shipping_limit_at: datetime
    dispatched_at: datetime
    handed_off_late: bool
    distance_km: float | None


class ShipmentDispatchedV2(BaseModel):
    """fulfillment.shipment.dispatched v2: v1 and the route's ends, the seller's zip code
    prefix (origin) and the customer's (destination); None where Fulfillment does not know
    that zip area. A v1 message upcasts to v2 with both None (contracts/upcasting.py)."""

    order_id: str
    seller_id: str
    shipping_limit_at: datetime
    dispatched_at: datetime
    handed_off_late: bool
    distance_km: float | None
    origin_zip_code_prefix: str | None
    destination_zip_code_prefix: str | None


class DeliveryCompletedV1(BaseModel):
    """fulfillment.delivery.completed v1: the customer received the order (occurred_at =
    delivery). Days are whole calendar days; late means delivered after the estimate day."""

    order_id: str
    purchased_at: datetime
    delivered_at: datetime
    estimated_at: datetime | None
    delivery_days: int
    days_late: int
    is_late: bool


class DeliveryDelayedV1(BaseModel):
    """fulfillment.delivery.delayed v1: the order arrived after its estimated date
    (occurred_at = delivery)."""

    order_id: str
    estimated_at: datetime
    delivered_at: datetime
    days_late: int = Field(ge=1)


class ZipAreaLocatedV1(BaseModel):
    """fulfillment.zip_area.located v1: where a zip code prefix is (reference time), from
    the geolocation points left after cleaning (docs/geography.md)."""

    zip_code_prefix: str
    city: str
    state: str
    latitude: float | None
    longitude: float | None
    points_used: int
    points_discarded: int
