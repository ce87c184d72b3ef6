-- Quality measures the geolocation points as staged (rule fulfillment.geolocation.in_brazil:
-- docs/quality.md), reading only this table; where its role exists (olist_dw/database.py).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'olist_quality') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO olist_quality', current_schema());
        GRANT SELECT ON geolocation_point TO olist_quality;
    END IF;
END
$$;
