-- account: accounts and their access tokens (SHA-256 hashes only)
CREATE TABLE accounts (
  id           TEXT   PRIMARY KEY,
  name         TEXT   NOT NULL,
  app_secret   TEXT   NOT NULL,
  verify_token TEXT   NOT NULL,
  created_at   BIGINT NOT NULL
);

CREATE TABLE account_tokens (
  token_id   TEXT   PRIMARY KEY,
  account_id TEXT   NOT NULL REFERENCES accounts (id),
  token_hash TEXT   NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);
