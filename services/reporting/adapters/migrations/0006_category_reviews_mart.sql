-- Reviews per product category (README Q9) as a mart: joining reviews to the distinct
-- products of their orders aggregated two whole facts on every query (ADR 8).

CREATE VIEW reporting.category_reviews AS
SELECT p.category_name_english AS category, count(*) AS reviews,
       round(avg(r.score), 2) AS average_score
FROM dw.fact_review r
JOIN (SELECT DISTINCT order_id, product_key FROM dw.fact_order_item) i ON i.order_id = r.order_id
JOIN dw.dim_product p ON p.product_key = i.product_key
GROUP BY p.category_name_english;

CREATE MATERIALIZED VIEW mart.category_reviews AS SELECT * FROM reporting.category_reviews;
CREATE UNIQUE INDEX ON mart.category_reviews (category) NULLS NOT DISTINCT;
