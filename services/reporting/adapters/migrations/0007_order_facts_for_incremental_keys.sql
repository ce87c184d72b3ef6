-- An order row that a payment, approval or shipment creates before the order itself
-- arrives belongs to the unknown customer (key 0) until it is placed and attributed.
-- Keys are now resolved only for the orders whose keys can change (placed, attributed,
-- reviewed, shipped), so the default says what resolving every touched order used to.
ALTER TABLE fact_order ALTER COLUMN customer_key SET DEFAULT 0;
UPDATE fact_order SET customer_key = 0 WHERE customer_key IS NULL;

-- An order's row is rewritten as its lifecycle events arrive (approval, payments,
-- shipment, delivery); free room on each page lets most rewrites stay on the page
-- without touching the indexes (HOT updates).
ALTER TABLE fact_order SET (fillfactor = 70);
