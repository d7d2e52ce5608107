-- webhook: subscriptions, the events queued for them, one delivery per (event, subscription),
-- and the log of every attempt
CREATE TABLE webhook_subscriptions (
  id            TEXT   PRIMARY KEY,
  account_id    TEXT   NOT NULL REFERENCES accounts (id),
  url           TEXT   NOT NULL,
  format        TEXT   NOT NULL,
  events        TEXT   NOT NULL,
  description   TEXT,
  status        TEXT   NOT NULL,
  secret        TEXT   NOT NULL,
  failing_since BIGINT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX webhook_subscriptions_account ON webhook_subscriptions (account_id, created_at);

CREATE TABLE webhook_events (
  id         ${serial_key},
  event_key  TEXT   NOT NULL UNIQUE,
  account_id TEXT   NOT NULL,
  type       TEXT   NOT NULL,
  notice     TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id              ${serial_key},
  webhook_id      TEXT    NOT NULL,
  subscription_id TEXT    NOT NULL,
  event_id        BIGINT  NOT NULL,
  status          TEXT    NOT NULL,
  attempts        INTEGER NOT NULL,
  schedule_start  INTEGER NOT NULL,
  next_attempt_at BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  UNIQUE (subscription_id, event_id)
);
-- few indexes on purpose: each delivery row is written twice at full fan-out rate. Listing and
-- replay walk (subscription_id, event_id); event ids rise with time.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, next_attempt_at)
  WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  id              ${serial_key},
  delivery_id     BIGINT  NOT NULL,
  attempt         INTEGER NOT NULL,
  attempted_at    BIGINT  NOT NULL,
  succeeded       BOOLEAN NOT NULL,
  http_status     INTEGER,
  latency_ms      BIGINT  NOT NULL,
  error           TEXT,
  response_body   TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
