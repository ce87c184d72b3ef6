-- The relay's work queue: the positions of outbox rows not yet published. Publishing
-- deletes a narrow queue row; it used to set outbox.published_at, which rewrote the whole
-- event (about 1 kB) and every index entry of the outbox, once per event.
CREATE TABLE outbox_pending (position bigint PRIMARY KEY);

INSERT INTO outbox_pending SELECT position FROM outbox WHERE published_at IS NULL;
DROP INDEX outbox_unpublished;
ALTER TABLE outbox DROP COLUMN published_at;

-- every event the outbox records is queued for the relay, whoever writes it
CREATE FUNCTION queue_recorded_events() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO outbox_pending SELECT position FROM recorded;
    RETURN NULL;
END $$;

CREATE TRIGGER queue_for_relay AFTER INSERT ON outbox
REFERENCING NEW TABLE AS recorded FOR EACH STATEMENT EXECUTE FUNCTION queue_recorded_events();
