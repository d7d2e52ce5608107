-- analytics: the half-hour rollup is read by ranges of its key (account, bucket, …); store the
-- counts in the key's B-tree (SQLite WITHOUT ROWID) so a 90-day query reads no other pages
CREATE TABLE analytics_rollup_by_key (
  account_id      TEXT    NOT NULL,
  bucket          BIGINT  NOT NULL,
  phone_number_id TEXT    NOT NULL,
  country         TEXT    NOT NULL,
  product_type    INTEGER NOT NULL,
  sent            BIGINT  NOT NULL,
  delivered       BIGINT  NOT NULL,
  PRIMARY KEY (account_id, bucket, phone_number_id, country, product_type)
) ${clustered_by_key};
INSERT INTO analytics_rollup_by_key
  SELECT account_id, bucket, phone_number_id, country, product_type, sent, delivered
  FROM analytics_rollup;
DROP TABLE analytics_rollup;
ALTER TABLE analytics_rollup_by_key RENAME TO analytics_rollup;
