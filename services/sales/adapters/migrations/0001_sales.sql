-- Sales state. Timestamps are Olist's: local Brazilian time, without a zone.
CREATE TABLE customer_order (
    order_id              text PRIMARY KEY,
    customer_id           text NOT NULL,
    status                text NOT NULL,
    purchased_at          timestamp NOT NULL,
    approved_at           timestamp,
    delivered_carrier_at  timestamp,
    delivered_customer_at timestamp,
    estimated_delivery_at timestamp,
    source_file           text NOT NULL,
    source_row            int NOT NULL,
    load_id               text NOT NULL
);

CREATE TABLE order_item (
    order_id          text NOT NULL,
    item_number       int NOT NULL,
    product_id        text NOT NULL,
    seller_id         text NOT NULL,
    shipping_limit_at timestamp NOT NULL,
    price             numeric(14, 2) NOT NULL CHECK (price >= 0),
    freight           numeric(14, 2) NOT NULL CHECK (freight >= 0),
    source_file       text NOT NULL,
    source_row        int NOT NULL,
    load_id           text NOT NULL,
    PRIMARY KEY (order_id, item_number)
);

CREATE TABLE payment (
    order_id     text NOT NULL,
    sequential   int NOT NULL,
    payment_type text NOT NULL,
    installments int NOT NULL,
    value        numeric(14, 2) NOT NULL CHECK (value >= 0),
    source_file  text NOT NULL,
    source_row   int NOT NULL,
    load_id      text NOT NULL,
    PRIMARY KEY (order_id, sequential)
);

CREATE TABLE invoice (
    order_id      text PRIMARY KEY,
    items_total   numeric(14, 2) NOT NULL,
    freight_total numeric(14, 2) NOT NULL,
    amount_paid   numeric(14, 2) NOT NULL,
    balance       numeric(14, 2) NOT NULL
);
