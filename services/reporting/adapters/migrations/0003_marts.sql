-- Marts for dashboards: views on the star schema (schema `mart`, read-only for analysts).

CREATE VIEW mart.monthly_sales AS
SELECT d.year, d.month, make_date(d.year, d.month, 1) AS month_start,
       count(DISTINCT o.order_id)                           AS orders,
       count(DISTINCT o.customer_key) FILTER (WHERE o.customer_key <> 0) AS customers,
       sum(o.item_count)                                    AS items,
       sum(o.item_total)                                    AS revenue,
       sum(o.freight_total)                                 AS freight,
       sum(o.payment_total)                                 AS payments,
       round(avg(o.item_total + o.freight_total), 2)        AS average_order_value,
       count(*) FILTER (WHERE o.order_status IN ('canceled', 'unavailable')) AS cancelled_orders
FROM dw.fact_order o
JOIN dw.dim_date d ON d.date_key = o.purchase_date_key
GROUP BY d.year, d.month;

CREATE VIEW mart.category_performance AS
SELECT p.category_name_english AS category, p.category_name,
       count(DISTINCT i.order_id) AS orders,
       count(*)                   AS items,
       sum(i.price)               AS revenue,
       round(avg(i.price), 2)     AS average_price,
       sum(i.freight_value)       AS freight,
       round(avg(r.score), 2)     AS average_review_score
FROM dw.fact_order_item i
JOIN dw.dim_product p ON p.product_key = i.product_key
LEFT JOIN (SELECT order_id, avg(score) AS score FROM dw.fact_review GROUP BY order_id) r
       ON r.order_id = i.order_id
GROUP BY p.category_name_english, p.category_name;

CREATE VIEW mart.delivery_performance_by_state AS
SELECT c.state AS customer_state,
       count(*)                                        AS delivered_orders,
       count(*) FILTER (WHERE NOT o.is_late)           AS on_time_orders,
       round(avg((NOT o.is_late)::int), 4)             AS on_time_rate,
       round(avg(o.delivery_days), 1)                  AS average_delivery_days,
       round(avg(o.days_late) FILTER (WHERE o.is_late), 1) AS average_days_late
FROM dw.fact_order o
JOIN dw.dim_customer c ON c.customer_key = o.customer_key
WHERE o.delivered_customer_at IS NOT NULL
GROUP BY c.state;

CREATE VIEW mart.seller_scorecard AS
WITH sales AS (
    SELECT seller_key, count(DISTINCT order_id) AS orders, count(*) AS items,
           sum(price) AS revenue, sum(freight_value) AS freight
    FROM dw.fact_order_item GROUP BY seller_key),
reviews AS (
    SELECT i.seller_key, round(avg(r.score), 2) AS average_review_score, count(*) AS reviews
    FROM (SELECT DISTINCT order_id, seller_key FROM dw.fact_order_item) i
    JOIN dw.fact_review r ON r.order_id = i.order_id GROUP BY i.seller_key),
deliveries AS (
    SELECT i.seller_key, round(avg(o.is_late::int), 4) AS late_delivery_rate
    FROM (SELECT DISTINCT order_id, seller_key FROM dw.fact_order_item) i
    JOIN dw.fact_order o ON o.order_id = i.order_id
    WHERE o.delivered_customer_at IS NOT NULL GROUP BY i.seller_key),
handoffs AS (
    SELECT seller_key, round(avg(handed_off_late::int), 4) AS late_handoff_rate,
           round(avg(distance_km), 1) AS average_distance_km
    FROM dw.fact_shipment GROUP BY seller_key)
SELECT s.seller_id, s.city, s.state, sales.orders, sales.items, sales.revenue, sales.freight,
       reviews.reviews, reviews.average_review_score, deliveries.late_delivery_rate,
       handoffs.late_handoff_rate, handoffs.average_distance_km
FROM dw.dim_seller s
JOIN sales ON sales.seller_key = s.seller_key
LEFT JOIN reviews ON reviews.seller_key = s.seller_key
LEFT JOIN deliveries ON deliveries.seller_key = s.seller_key
LEFT JOIN handoffs ON handoffs.seller_key = s.seller_key;

CREATE VIEW mart.customer_segments AS
SELECT coalesce(c.segment, 'none') AS segment,
       count(DISTINCT c.customer_key) AS customers,
       count(o.order_id)              AS orders,
       sum(o.payment_total)           AS payments,
       round(count(o.order_id)::numeric / nullif(count(DISTINCT c.customer_key), 0), 2)
           AS orders_per_customer
FROM dw.dim_customer c
LEFT JOIN dw.fact_order o ON o.customer_key = c.customer_key
WHERE c.customer_key <> 0
GROUP BY coalesce(c.segment, 'none');

CREATE VIEW mart.review_score_vs_delay AS
SELECT CASE WHEN NOT o.is_late THEN 'on time'
            WHEN o.days_late <= 3 THEN '1-3 days late'
            WHEN o.days_late <= 7 THEN '4-7 days late'
            WHEN o.days_late <= 14 THEN '8-14 days late'
            ELSE 'over 14 days late' END AS delay,
       min(o.days_late)       AS min_days_late,
       count(*)               AS reviews,
       round(avg(r.score), 2) AS average_score,
       round(avg((r.score <= 2)::int), 4) AS share_of_bad_scores
FROM dw.fact_review r
JOIN dw.fact_order o ON o.order_id = r.order_id
WHERE o.delivered_customer_at IS NOT NULL
GROUP BY 1;
