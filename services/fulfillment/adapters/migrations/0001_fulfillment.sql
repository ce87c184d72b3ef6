-- Fulfillment state. Timestamps are Olist's: local Brazilian time, without a zone.

-- Geolocation points as staged: many per zip prefix, with no natural key of their own.
CREATE TABLE geolocation_point (
    zip_code_prefix text NOT NULL,
    source_row      int NOT NULL,
    source_file     text NOT NULL,
    latitude        double precision NOT NULL,
    longitude       double precision NOT NULL,
    city            text NOT NULL,
    state           text NOT NULL,
    load_id         text NOT NULL,
    PRIMARY KEY (zip_code_prefix, source_row)
);

-- What completing a load makes of them (docs/geography.md).
CREATE TABLE zip_area (
    zip_code_prefix  text PRIMARY KEY,
    city             text NOT NULL,
    state            text NOT NULL,
    latitude         double precision,
    longitude        double precision,
    points_used      int NOT NULL,
    points_discarded int NOT NULL
);

CREATE TABLE delivery (
    order_id      text PRIMARY KEY,
    customer_id   text NOT NULL,
    status        text NOT NULL,
    purchased_at  timestamp NOT NULL,
    dispatched_at timestamp,
    delivered_at  timestamp,
    estimated_at  timestamp,
    source_file   text NOT NULL,
    source_row    int NOT NULL,
    load_id       text NOT NULL
);
CREATE INDEX delivery_customer ON delivery (customer_id);
CREATE INDEX delivery_delivered ON delivery (delivered_at) WHERE delivered_at IS NOT NULL;

CREATE TABLE shipment_item (
    order_id          text NOT NULL,
    item_number       int NOT NULL,
    seller_id         text NOT NULL,
    shipping_limit_at timestamp NOT NULL,
    source_file       text NOT NULL,
    source_row        int NOT NULL,
    load_id           text NOT NULL,
    PRIMARY KEY (order_id, item_number)
);
CREATE INDEX shipment_item_seller ON shipment_item (seller_id);

CREATE TABLE customer_location (
    customer_id     text PRIMARY KEY,
    zip_code_prefix text NOT NULL,
    source_file     text NOT NULL,
    source_row      int NOT NULL,
    load_id         text NOT NULL
);
CREATE INDEX customer_location_zip ON customer_location (zip_code_prefix);

CREATE TABLE seller_location (
    seller_id       text PRIMARY KEY,
    zip_code_prefix text NOT NULL,
    source_file     text NOT NULL,
    source_row      int NOT NULL,
    load_id         text NOT NULL
);
CREATE INDEX seller_location_zip ON seller_location (zip_code_prefix);
