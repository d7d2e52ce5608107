-- event: the embedded event log, in its own SQLite file so that appends never wait for the
-- state store's writer. outbox_id makes relaying an outbox row idempotent.
CREATE TABLE event_log (
  seq         ${serial_key},
  type        TEXT   NOT NULL,
  event_key   TEXT   NOT NULL,
  body        TEXT   NOT NULL,
  appended_at BIGINT NOT NULL,
  outbox_id   BIGINT UNIQUE
);

CREATE TABLE store_health (checked BIGINT NOT NULL);
INSERT INTO store_health (checked) VALUES (0);
