-- message: delivery status timelines and per-message pricing of WhatsApp messages (written by the
-- inbound projector through the message package), and messages learnt from statuses alone
-- (observed: created from a status of an id never registered; a registration of that id takes
-- the row over).
ALTER TABLE messages ADD COLUMN observed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX messages_account_recipient ON messages (account_id, recipient, sent_at);

-- first timestamp (unix seconds) of each status a message received; the dedupe key of statuses
CREATE TABLE message_statuses (
  message_id TEXT   NOT NULL,
  status     TEXT   NOT NULL,
  first_at   BIGINT NOT NULL,
  errors     TEXT,
  PRIMARY KEY (message_id, status)
);

-- the timeline as read: current status and first time of each step, later steps implying earlier
-- ones (read implies delivered, delivered implies sent)
CREATE TABLE message_delivery (
  message_id   TEXT PRIMARY KEY,
  status       TEXT   NOT NULL,
  sent_at      BIGINT,
  delivered_at BIGINT,
  read_at      BIGINT,
  played_at    BIGINT,
  failed_at    BIGINT
);

CREATE TABLE message_pricing (
  message_id         TEXT PRIMARY KEY,
  billable           BOOLEAN,
  pricing_model      TEXT,
  category           TEXT,
  analytics_category TEXT,
  type               TEXT,
  source_rank        INTEGER NOT NULL
);
