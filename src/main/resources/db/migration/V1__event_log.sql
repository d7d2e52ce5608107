-- event: the embedded event log, consumer positions, server secrets, health probe row
CREATE TABLE event_log (
  seq         ${serial_key},
  type        TEXT   NOT NULL,
  event_key   TEXT   NOT NULL,
  body        TEXT   NOT NULL,
  appended_at BIGINT NOT NULL
);

CREATE TABLE consumer_positions (
  consumer TEXT   PRIMARY KEY,
  position BIGINT NOT NULL
);

CREATE TABLE server_secrets (
  name       TEXT   PRIMARY KEY,
  secret     TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE store_health (checked BIGINT NOT NULL);
INSERT INTO store_health (checked) VALUES (0);
