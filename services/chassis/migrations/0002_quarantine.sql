-- Rows that broke a rule: kept with the reason, never dropped.
CREATE TABLE quarantine (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id        text NOT NULL,
    source_file    text NOT NULL,
    source_row     int NOT NULL,
    record_kind    text NOT NULL,
    reason         text NOT NULL,
    record         jsonb NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source_file, source_row, reason)
);

-- Aggregates a load touched: what completing the load revisits.
CREATE TABLE import_scope (
    load_id      text NOT NULL,
    aggregate_id text NOT NULL,
    PRIMARY KEY (load_id, aggregate_id)
);
