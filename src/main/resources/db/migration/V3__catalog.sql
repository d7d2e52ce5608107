-- catalog: phone numbers and message templates
CREATE TABLE phone_numbers (
  id                   TEXT   PRIMARY KEY,
  account_id           TEXT   NOT NULL REFERENCES accounts (id),
  display_phone_number TEXT   NOT NULL,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX phone_numbers_account ON phone_numbers (account_id);

CREATE TABLE templates (
  id                 TEXT    PRIMARY KEY,
  account_id         TEXT    NOT NULL REFERENCES accounts (id),
  name               TEXT    NOT NULL,
  category           TEXT    NOT NULL,
  language           TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  tracking_opted_out BOOLEAN NOT NULL,
  buttons            TEXT    NOT NULL,
  updated_at         BIGINT  NOT NULL
);
CREATE INDEX templates_account ON templates (account_id);
