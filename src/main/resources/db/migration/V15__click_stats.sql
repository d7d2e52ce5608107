-- track: click rollups behind GET /v1/click_stats (the dashboard), kept by the engagement projector
-- in the transaction that stores the raw clicks, so they outlive raw-click retention.
-- Clicks per account, UTC hour (unix seconds of its start) and classification + reason.
CREATE TABLE click_rollup_hourly (
  account_id     TEXT   NOT NULL,
  hour           BIGINT NOT NULL,
  classification TEXT   NOT NULL,
  reason         TEXT   NOT NULL,
  clicks         BIGINT NOT NULL,
  PRIMARY KEY (account_id, hour, classification, reason)
) ${clustered_by_key};

-- Clicks per account, UTC day and link target: the link URL up to its first '?' or '#'
-- (scheme, host and path), so the clicks of one page sent with different queries add up.
CREATE TABLE click_rollup_links (
  account_id   TEXT   NOT NULL,
  day          BIGINT NOT NULL,
  target       TEXT   NOT NULL,
  clicks       BIGINT NOT NULL,
  human_clicks BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, target)
) ${clustered_by_key};

-- the raw clicks stored before this version (those retention has not yet deleted)
INSERT INTO click_rollup_hourly (account_id, hour, classification, reason, clicks)
  SELECT account_id, clicked_at / 3600000 * 3600, classification, reason, COUNT(*)
  FROM clicks
  GROUP BY account_id, clicked_at / 3600000 * 3600, classification, reason;

INSERT INTO click_rollup_links (account_id, day, target, clicks, human_clicks)
  SELECT account_id, day, target, COUNT(*),
         SUM(CASE WHEN classification = 'human' THEN 1 ELSE 0 END)
  FROM (
    SELECT account_id, classification, clicked_at / 86400000 * 86400 AS day,
           CASE
             WHEN q > 0 AND (h = 0 OR q < h) THEN substr(url, 1, q - 1)
             WHEN h > 0 THEN substr(url, 1, h - 1)
             ELSE url
           END AS target
    FROM (
      SELECT account_id, classification, clicked_at, url,
             ${strpos}(url, '?') AS q, ${strpos}(url, '#') AS h
      FROM clicks
    ) cut
  ) targeted
  GROUP BY account_id, day, target;
