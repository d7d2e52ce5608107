-- message: registered outbound messages
CREATE TABLE messages (
  id              TEXT   PRIMARY KEY,
  account_id      TEXT   NOT NULL REFERENCES accounts (id),
  channel         TEXT   NOT NULL,
  phone_number_id TEXT,
  grant_id        TEXT,
  recipient       TEXT   NOT NULL,
  template_id     TEXT,
  label           TEXT,
  product_id      TEXT,
  sent_at         BIGINT NOT NULL,
  registered_at   BIGINT NOT NULL,
  track_links     BOOLEAN NOT NULL,
  track_opens     BOOLEAN NOT NULL
);
CREATE INDEX messages_account_sent ON messages (account_id, sent_at);
