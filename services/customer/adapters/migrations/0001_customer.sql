-- Customer state. Timestamps are Olist's: local Brazilian time, without a zone.

-- One row of olist_customers_dataset.csv: the customer record of one order.
CREATE TABLE account (
    customer_id        text PRIMARY KEY,
    customer_unique_id text NOT NULL,
    zip_code_prefix    text NOT NULL,
    city               text NOT NULL,
    state              text NOT NULL,
    source_file        text NOT NULL,
    source_row         int NOT NULL,
    load_id            text NOT NULL
);
CREATE INDEX account_person ON account (customer_unique_id);

CREATE TABLE customer_order (
    order_id     text PRIMARY KEY,
    customer_id  text NOT NULL,
    status       text NOT NULL,
    purchased_at timestamp NOT NULL,
    source_file  text NOT NULL,
    source_row   int NOT NULL,
    load_id      text NOT NULL
);
CREATE INDEX customer_order_account ON customer_order (customer_id);

CREATE TABLE payment (
    order_id    text NOT NULL,
    sequential  int NOT NULL,
    value       numeric(14, 2) NOT NULL CHECK (value >= 0),
    source_file text NOT NULL,
    source_row  int NOT NULL,
    load_id     text NOT NULL,
    PRIMARY KEY (order_id, sequential)
);

-- Olist reuses some review ids on several orders: a review is keyed by both.
CREATE TABLE review (
    review_id   text NOT NULL,
    order_id    text NOT NULL,
    score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    title       text,
    comment     text,
    created_at  timestamp NOT NULL,
    answered_at timestamp,
    source_file text NOT NULL,
    source_row  int NOT NULL,
    load_id     text NOT NULL,
    PRIMARY KEY (review_id, order_id)
);
CREATE INDEX review_order ON review (order_id);

-- Quality findings about reviews that are no reason to refuse them.
CREATE TABLE review_finding (
    review_id   text NOT NULL,
    order_id    text NOT NULL,
    kind        text NOT NULL,
    found_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, order_id, kind)
);
