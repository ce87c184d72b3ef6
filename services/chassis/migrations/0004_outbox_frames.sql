-- The outbox records frames: one row per message the relay publishes, carrying the
-- events of one subject that one append recorded, up to about 256 kB of them, one
-- envelope per line (ADR 9). Recording a frame per row instead of an event per row spares
-- the database a heap tuple, a queue row and its delete per event. The events' ids move
-- to a narrow table whose key drops an event recorded before.
CREATE TABLE outbox_event (event_id uuid PRIMARY KEY);
INSERT INTO outbox_event SELECT event_id FROM outbox;

-- a row recorded before this migration is a frame of one event, named by that event
ALTER TABLE outbox ADD COLUMN message_id text, ADD COLUMN events int NOT NULL DEFAULT 1;
UPDATE outbox SET message_id = event_id::text;
ALTER TABLE outbox ALTER COLUMN message_id SET NOT NULL, ALTER COLUMN events DROP DEFAULT,
    DROP COLUMN event_id;
-- frames are long and published once: stored as they are, not compressed
ALTER TABLE outbox ALTER COLUMN body SET STORAGE EXTERNAL;
