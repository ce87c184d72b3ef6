-- Events travel to JetStream in frames: one message carries the events of one subject
-- that one statement recorded, up to about 256 kB of them, one envelope per line. The
-- frame of each queued event is fixed here, when the event is recorded, so that a relay
-- that publishes a frame again after a crash publishes the same message, which JetStream
-- then drops by its Nats-Msg-Id. A frame is named by the position of its first event.
ALTER TABLE outbox_pending ADD COLUMN frame bigint;
UPDATE outbox_pending SET frame = position;
ALTER TABLE outbox_pending ALTER COLUMN frame SET NOT NULL;
CREATE INDEX outbox_pending_frame ON outbox_pending (frame);

CREATE OR REPLACE FUNCTION queue_recorded_events() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO outbox_pending (position, frame)
    SELECT position, min(position) OVER (PARTITION BY subject, part)
    FROM (SELECT position, subject,
                 (sum(octet_length(body)) OVER (PARTITION BY subject ORDER BY position)
                  - octet_length(body)) / 262144 AS part
          FROM recorded) framed;
    RETURN NULL;
END $$;
