-- Lineage (docs/lineage.md): which loads, source files and event types fed each dw table.
-- Written by the projection in the same transaction as the rows it describes; one row per
-- load, table, event type and source file, its events count adding up across batches.
-- source_file is '' for events that carry no source reference (e.g. from an API).

CREATE TABLE dw_lineage (
    load_id          text NOT NULL,
    table_name       text NOT NULL,
    event_type       text NOT NULL,
    source_file      text NOT NULL DEFAULT '',
    events           bigint NOT NULL CHECK (events > 0),
    first_applied_at timestamptz NOT NULL,
    last_applied_at  timestamptz NOT NULL,
    PRIMARY KEY (load_id, table_name, event_type, source_file)
);
CREATE INDEX dw_lineage_table ON dw_lineage (table_name);

COMMENT ON TABLE dw_lineage IS
    'Which load (load_id), source file and event type fed each dw table, how many events '
    '(at least once: a batch redelivered after its commit counts again), and when.';
