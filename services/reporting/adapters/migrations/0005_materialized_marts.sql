-- Marts become materialized views: a dashboard reads precomputed rows (milliseconds at any
-- data size) instead of aggregating the facts on every query. The live definitions of 0003
-- move unchanged to the private schema `reporting`; `mart.<name>` is their materialized
-- copy, which the reporting service refreshes CONCURRENTLY (readers are never blocked)
-- after changes and at the end of every load (services/reporting/adapters/marts.py).
-- Each has a unique index: REFRESH ... CONCURRENTLY needs one.

ALTER VIEW mart.monthly_sales SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.monthly_sales AS SELECT * FROM reporting.monthly_sales;
CREATE UNIQUE INDEX ON mart.monthly_sales (year, month);

ALTER VIEW mart.category_performance SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.category_performance AS
    SELECT * FROM reporting.category_performance;
CREATE UNIQUE INDEX ON mart.category_performance (category, category_name) NULLS NOT DISTINCT;

ALTER VIEW mart.delivery_performance_by_state SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.delivery_performance_by_state AS
    SELECT * FROM reporting.delivery_performance_by_state;
CREATE UNIQUE INDEX ON mart.delivery_performance_by_state (customer_state) NULLS NOT DISTINCT;

ALTER VIEW mart.seller_scorecard SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.seller_scorecard AS SELECT * FROM reporting.seller_scorecard;
CREATE UNIQUE INDEX ON mart.seller_scorecard (seller_id);

ALTER VIEW mart.customer_segments SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.customer_segments AS SELECT * FROM reporting.customer_segments;
CREATE UNIQUE INDEX ON mart.customer_segments (segment);

ALTER VIEW mart.review_score_vs_delay SET SCHEMA reporting;
CREATE MATERIALIZED VIEW mart.review_score_vs_delay AS
    SELECT * FROM reporting.review_score_vs_delay;
CREATE UNIQUE INDEX ON mart.review_score_vs_delay (delay);
