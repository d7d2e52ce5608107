-- analytics: template_analytics (§8.5). Accounts that confirmed insights; what each template
-- message contributes to the daily rollups (so a change moves its counts exactly once); the
-- rollups per template and UTC day; url button clicks seen (the dedupe key of clicks and the
-- source of unique recipients) and their daily rollup.
CREATE TABLE template_insights (
  account_id TEXT   PRIMARY KEY,
  enabled_at BIGINT NOT NULL
);

CREATE TABLE template_messages (
  message_id    TEXT PRIMARY KEY,
  account_id    TEXT   NOT NULL,
  template_id   TEXT   NOT NULL,
  country       TEXT   NOT NULL,
  sent_day      BIGINT NOT NULL,
  delivered_day BIGINT,
  read_day      BIGINT,
  cost_category TEXT
);

CREATE TABLE template_rollup (
  account_id  TEXT   NOT NULL,
  template_id TEXT   NOT NULL,
  day         BIGINT NOT NULL,
  sent        BIGINT NOT NULL,
  delivered   BIGINT NOT NULL,
  reads       BIGINT NOT NULL,
  PRIMARY KEY (account_id, template_id, day)
);

-- billable REGULAR deliveries per country and pricing category: priced at query time
CREATE TABLE template_cost_rollup (
  account_id  TEXT   NOT NULL,
  template_id TEXT   NOT NULL,
  day         BIGINT NOT NULL,
  country     TEXT   NOT NULL,
  category    TEXT   NOT NULL,
  messages    BIGINT NOT NULL,
  PRIMARY KEY (account_id, template_id, day, country, category)
);

CREATE TABLE template_clicks (
  click_id     TEXT    PRIMARY KEY,
  account_id   TEXT    NOT NULL,
  template_id  TEXT    NOT NULL,
  button_index INTEGER NOT NULL,
  day          BIGINT  NOT NULL,
  recipient    TEXT    NOT NULL
);
CREATE INDEX template_clicks_recipient
  ON template_clicks (template_id, button_index, day, recipient);

CREATE TABLE template_button_rollup (
  account_id   TEXT    NOT NULL,
  template_id  TEXT    NOT NULL,
  button_index INTEGER NOT NULL,
  day          BIGINT  NOT NULL,
  clicks       BIGINT  NOT NULL,
  uniques      BIGINT  NOT NULL,
  PRIMARY KEY (account_id, template_id, button_index, day)
);
