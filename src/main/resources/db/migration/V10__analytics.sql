-- analytics: what each WhatsApp message contributes to the rollups (so a change moves its counts
-- exactly once), and the rollups themselves, per UTC half-hour
CREATE TABLE analytics_messages (
  message_id       TEXT    PRIMARY KEY,
  account_id       TEXT    NOT NULL,
  phone_number_id  TEXT    NOT NULL,
  country          TEXT    NOT NULL,
  product_type     INTEGER NOT NULL,
  sent_bucket      BIGINT  NOT NULL,
  delivered_bucket BIGINT
);

CREATE TABLE analytics_rollup (
  account_id      TEXT    NOT NULL,
  bucket          BIGINT  NOT NULL,
  phone_number_id TEXT    NOT NULL,
  country         TEXT    NOT NULL,
  product_type    INTEGER NOT NULL,
  sent            BIGINT  NOT NULL,
  delivered       BIGINT  NOT NULL,
  PRIMARY KEY (account_id, bucket, phone_number_id, country, product_type)
);
