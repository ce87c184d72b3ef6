-- The star schema analysts rely on (ARCHITECTURE.md). Natural keys stand in for the
-- customer, product and seller dimensions until their contexts publish them.

CREATE TABLE dim_date (
    date_key    int PRIMARY KEY,           -- yyyymmdd
    full_date   date NOT NULL UNIQUE,
    year        smallint NOT NULL,
    quarter     smallint NOT NULL,
    month       smallint NOT NULL,
    month_name  text NOT NULL,
    day         smallint NOT NULL,
    weekday     smallint NOT NULL,         -- ISO: 1 = Monday .. 7 = Sunday
    weekday_name text NOT NULL,
    is_weekend  boolean NOT NULL
);

CREATE FUNCTION ensure_dates(first date, last date) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dw.dim_date
    SELECT to_char(d, 'YYYYMMDD')::int, d, extract(year FROM d), extract(quarter FROM d),
           extract(month FROM d), trim(to_char(d, 'Month')), extract(day FROM d),
           extract(isodow FROM d), trim(to_char(d, 'Day')), extract(isodow FROM d) >= 6
    FROM generate_series(first, last, interval '1 day') AS g(d)
    ON CONFLICT (date_key) DO NOTHING
$$;

SELECT ensure_dates(date '2016-01-01', date '2019-12-31');

-- Accumulating snapshot: one row per order, filled in as its lifecycle events arrive.
CREATE TABLE fact_order (
    order_key             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    order_id              text PRIMARY KEY,
    customer_id           text,
    order_status          text,
    status_at             timestamp,
    status_rank           smallint,
    purchase_date_key     int REFERENCES dim_date (date_key),
    purchased_at          timestamp,
    approved_at           timestamp,
    delivered_carrier_at  timestamp,
    delivered_customer_at timestamp,
    estimated_delivery_at timestamp,
    item_count            int,
    item_total            numeric(14, 2),
    freight_total         numeric(14, 2),
    order_total           numeric(14, 2) GENERATED ALWAYS AS (item_total + freight_total) STORED,
    payment_count         int,
    payment_total         numeric(14, 2),
    delivery_days         int,
    days_late             int,
    is_late               boolean,
    load_id               text
);

CREATE TABLE fact_order_item (
    order_item_key    bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    order_id          text NOT NULL,
    order_item_id     int NOT NULL,
    customer_id       text NOT NULL,
    product_id        text NOT NULL,
    seller_id         text NOT NULL,
    purchase_date_key int NOT NULL REFERENCES dim_date (date_key),
    shipping_limit_at timestamp NOT NULL,
    price             numeric(14, 2) NOT NULL,
    freight_value     numeric(14, 2) NOT NULL,
    load_id           text NOT NULL,
    PRIMARY KEY (order_id, order_item_id)
);
CREATE INDEX fact_order_item_product ON fact_order_item (product_id);
CREATE INDEX fact_order_item_seller ON fact_order_item (seller_id);

CREATE TABLE fact_payment (
    payment_key          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    order_id             text NOT NULL,
    payment_sequential   int NOT NULL,
    payment_type         text NOT NULL,
    payment_installments int NOT NULL,
    payment_value        numeric(14, 2) NOT NULL,
    payment_date_key     int NOT NULL REFERENCES dim_date (date_key),
    load_id              text NOT NULL,
    PRIMARY KEY (order_id, payment_sequential)
);
CREATE INDEX fact_order_purchase_date ON fact_order (purchase_date_key);
