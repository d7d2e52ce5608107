-- analytics: conversations (§8.3) and priced deliveries (§8.4). Per item, what it contributes to a
-- rollup (so a change moves its count exactly once); per UTC half-hour, the counts. Costs are not
-- stored: they are computed at query time from the rate card, so a new card applies to the past.

-- one row per conversation counted: its dimensions and the half-hour of its first status
CREATE TABLE analytics_conversations (
  account_id      TEXT   NOT NULL,
  conversation_id TEXT   NOT NULL,
  phone_number_id TEXT   NOT NULL,
  country         TEXT   NOT NULL,
  category        TEXT   NOT NULL,
  type            TEXT   NOT NULL,
  direction       TEXT   NOT NULL,
  bucket          BIGINT NOT NULL,
  PRIMARY KEY (account_id, conversation_id)
);

CREATE TABLE conversation_rollup (
  account_id      TEXT   NOT NULL,
  bucket          BIGINT NOT NULL,
  phone_number_id TEXT   NOT NULL,
  country         TEXT   NOT NULL,
  category        TEXT   NOT NULL,
  type            TEXT   NOT NULL,
  direction       TEXT   NOT NULL,
  conversations   BIGINT NOT NULL,
  PRIMARY KEY (account_id, bucket, phone_number_id, country, category, type, direction)
);

-- one row per delivered message with pricing: its dimensions and the half-hour of its delivery
CREATE TABLE analytics_pricing (
  message_id       TEXT   PRIMARY KEY,
  account_id       TEXT   NOT NULL,
  phone_number_id  TEXT   NOT NULL,
  country          TEXT   NOT NULL,
  pricing_category TEXT   NOT NULL,
  pricing_type     TEXT   NOT NULL,
  bucket           BIGINT NOT NULL
);

CREATE TABLE pricing_rollup (
  account_id       TEXT   NOT NULL,
  bucket           BIGINT NOT NULL,
  phone_number_id  TEXT   NOT NULL,
  country          TEXT   NOT NULL,
  pricing_category TEXT   NOT NULL,
  pricing_type     TEXT   NOT NULL,
  volume           BIGINT NOT NULL,
  PRIMARY KEY (account_id, bucket, phone_number_id, country, pricing_category, pricing_type)
);
