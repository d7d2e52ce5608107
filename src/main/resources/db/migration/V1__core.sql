-- event: consumer positions (committed with each consumer's read-model changes) and the outbox
-- of events written in a store transaction, relayed to the event log after commit.
-- Also the server secrets and the health probe row.
CREATE TABLE consumer_positions (
  consumer TEXT   PRIMARY KEY,
  position BIGINT NOT NULL
);

CREATE TABLE outbox (
  id         ${serial_key},
  type       TEXT   NOT NULL,
  event_key  TEXT   NOT NULL,
  body       TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE server_secrets (
  name       TEXT   PRIMARY KEY,
  secret     TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE store_health (checked BIGINT NOT NULL);
INSERT INTO store_health (checked) VALUES (0);
