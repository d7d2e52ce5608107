-- track: tracked links, the open pixel of each message, raw clicks and opens, per-message counters
CREATE TABLE links (
  id         BIGINT  PRIMARY KEY,
  account_id TEXT    NOT NULL,
  message_id TEXT    NOT NULL,
  link_index INTEGER NOT NULL,
  component  TEXT    NOT NULL,
  url        TEXT    NOT NULL,
  tracked    BOOLEAN NOT NULL,
  clicks     BIGINT  NOT NULL,
  UNIQUE (message_id, link_index)
);

CREATE TABLE open_pixels (
  id         BIGINT PRIMARY KEY,
  account_id TEXT   NOT NULL,
  message_id TEXT   NOT NULL UNIQUE
);

CREATE TABLE clicks (
  seq            ${serial_key},
  click_id       TEXT    NOT NULL UNIQUE,
  account_id     TEXT    NOT NULL,
  message_id     TEXT    NOT NULL,
  link_id        BIGINT  NOT NULL,
  link_index     INTEGER NOT NULL,
  component      TEXT    NOT NULL,
  url            TEXT    NOT NULL,
  clicked_at     BIGINT  NOT NULL,
  ip             TEXT,
  user_agent     TEXT,
  classification TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  counted_seq    BIGINT,
  first_on_link  BOOLEAN NOT NULL
);
CREATE INDEX clicks_account ON clicks (account_id, seq);
CREATE INDEX clicks_message ON clicks (message_id, seq);
CREATE INDEX clicks_message_counted ON clicks (message_id, counted_seq);

CREATE TABLE opens (
  seq            ${serial_key},
  open_id        TEXT    NOT NULL UNIQUE,
  account_id     TEXT    NOT NULL,
  message_id     TEXT    NOT NULL,
  opened_at      BIGINT  NOT NULL,
  ip             TEXT,
  user_agent     TEXT,
  classification TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  counted_seq    BIGINT
);
CREATE INDEX opens_message ON opens (message_id, seq);

CREATE TABLE message_engagement (
  message_id    TEXT   PRIMARY KEY,
  counted_clicks BIGINT NOT NULL,
  unique_clicks BIGINT NOT NULL,
  opens         BIGINT NOT NULL
);
