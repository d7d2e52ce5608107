package io.clicktrail.inbound;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw inbound messages and Meta click reports received longer than {@code retention} ago,
 * in chunks so that no transaction holds the writer long. Expiry runs on the time a webhook was
 * received, so a payload stays deduplicated for at least {@code retention} after its first delivery
 * (Meta retries for 7 days). Contacts, referrals, conversations, quick-reply counts and status
 * timelines stay: they are what analytics and attribution read.
 */
public final class InboundRetention {
  private static final Logger LOG = LoggerFactory.getLogger(InboundRetention.class);
  private static final int CHUNK = 5_000;

  private final Store store;
  private final InstantSource clock;
  private final Duration retention;

  public InboundRetention(Store store, InstantSource clock, Duration retention) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.retention = requireNonNull(retention, "retention");
  }

  /** Deletes what has expired; returns how many rows were deleted. */
  public long purge() {
    long before = clock.millis() - retention.toMillis();
    long deleted =
        purge("inbound_messages", "id", before) + purge("meta_user_actions", "click_id", before);
    if (deleted > 0) {
      LOG.info(
          "retention: deleted {} inbound messages and Meta clicks older than {}",
          deleted,
          retention);
    }
    return deleted;
  }

  private long purge(String table, String key, long before) {
    return Sql.deleteInChunks(
        store,
        CHUNK,
        "DELETE FROM "
            + table
            + " WHERE (account_id, "
            + key
            + ") IN (SELECT account_id, "
            + key
            + " FROM "
            + table
            + " WHERE received_at < ? LIMIT "
            + CHUNK
            + ")",
        before);
  }
}
