-- inbound: what the inbound projector folds from WhatsApp Cloud API webhooks. Each table is keyed
-- by the natural key Meta's retries repeat, so a payload delivered twice has the effect of once.

-- conversations seen in statuses; first_status_at is the earliest status time (unix seconds)
CREATE TABLE wa_conversations (
  account_id      TEXT   NOT NULL,
  id              TEXT   NOT NULL,
  phone_number_id TEXT,
  recipient       TEXT,
  origin_type     TEXT,
  expires_at      BIGINT,
  billable        BOOLEAN,
  first_status_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX wa_conversations_first ON wa_conversations (account_id, first_status_at);

-- messages users sent to the business (raw: subject to retention); sent_at is Meta's timestamp
-- (unix seconds), received_at when the webhook arrived (epoch ms)
CREATE TABLE inbound_messages (
  account_id         TEXT   NOT NULL,
  id                 TEXT   NOT NULL,
  phone_number_id    TEXT,
  from_wa_id         TEXT   NOT NULL,
  type               TEXT,
  sent_at            BIGINT NOT NULL,
  summary            TEXT,
  context_id         TEXT,
  reply_to           TEXT,
  button_text        TEXT,
  referral_source_id TEXT,
  payload            TEXT   NOT NULL,
  received_at        BIGINT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX inbound_messages_user ON inbound_messages (account_id, from_wa_id, sent_at);
CREATE INDEX inbound_messages_received ON inbound_messages (received_at);
CREATE INDEX inbound_messages_reply_to ON inbound_messages (reply_to);

-- WhatsApp users who wrote to the business, with their latest profile name
CREATE TABLE wa_contacts (
  account_id    TEXT   NOT NULL,
  wa_id         TEXT   NOT NULL,
  profile_name  TEXT,
  first_seen_at BIGINT NOT NULL,
  last_seen_at  BIGINT NOT NULL,
  PRIMARY KEY (account_id, wa_id)
);

-- Click-to-WhatsApp ads: each referral message starts a conversation of that user with that ad
CREATE TABLE ad_referrals (
  account_id    TEXT   NOT NULL,
  message_id    TEXT   NOT NULL,
  wa_id         TEXT   NOT NULL,
  source_id     TEXT   NOT NULL,
  source_type   TEXT,
  source_url    TEXT,
  headline      TEXT,
  body          TEXT,
  media_type    TEXT,
  image_url     TEXT,
  video_url     TEXT,
  thumbnail_url TEXT,
  ctwa_clid     TEXT,
  welcome_text  TEXT,
  referred_at   BIGINT NOT NULL,
  PRIMARY KEY (account_id, message_id)
);
CREATE INDEX ad_referrals_time ON ad_referrals (account_id, referred_at);
CREATE INDEX ad_referrals_user ON ad_referrals (account_id, wa_id, referred_at);

-- quick-reply button presses on template messages, per template button per UTC day (an
-- aggregate: template_analytics reads it as quick_reply_button clicks)
CREATE TABLE quick_reply_clicks (
  account_id  TEXT   NOT NULL,
  template_id TEXT   NOT NULL,
  button_text TEXT   NOT NULL,
  day         BIGINT NOT NULL,
  clicks      BIGINT NOT NULL,
  PRIMARY KEY (template_id, button_text, day)
);

-- Meta's own click reports (user_actions); message_id and link_index when the tracking token is
-- one of Clicktrail's link tokens (such clicks are also recorded as clicks with source meta)
CREATE TABLE meta_user_actions (
  account_id      TEXT   NOT NULL,
  click_id        TEXT   NOT NULL,
  phone_number_id TEXT,
  action_type     TEXT,
  click_component TEXT,
  product_id      TEXT,
  tracking_token  TEXT,
  clicked_at      BIGINT NOT NULL,
  message_id      TEXT,
  link_index      INTEGER,
  received_at     BIGINT NOT NULL,
  PRIMARY KEY (account_id, click_id)
);
CREATE INDEX meta_user_actions_time ON meta_user_actions (account_id, clicked_at);
