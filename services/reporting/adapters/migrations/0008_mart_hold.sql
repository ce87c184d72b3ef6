-- A load that failed Quality's gate holds the marts at the last good load (ADR 14): the
-- automatic refresh skips while a hold stands; the refresh after a load that passed (or
-- one an engineer asks for) releases it.
CREATE TABLE reporting.mart_hold (
    load_id text PRIMARY KEY,
    reasons text NOT NULL,
    held_at timestamptz NOT NULL DEFAULT now()
);
