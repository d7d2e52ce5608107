package io.clicktrail.track;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw clicks and opens older than the {@code retention} setting. The per-link counts and
 * per-message totals (unique clicks, opens) stay: they are aggregates, not raw events. Deletes run
 * in chunks so that no transaction holds the writer long.
 */
public final class RawRetention {
  private static final Logger LOG = LoggerFactory.getLogger(RawRetention.class);
  private static final int CHUNK = 5_000;

  private final Store store;
  private final InstantSource clock;
  private final Duration retention;

  public RawRetention(Store store, InstantSource clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /** Deletes what has expired; returns how many raw clicks and opens were deleted. */
  public long purge() {
    long before = clock.millis() - retention.toMillis();
    long deleted = purge("clicks", "clicked_at", before) + purge("opens", "opened_at", before);
    if (deleted > 0) {
      LOG.info("retention: deleted {} raw clicks and opens older than {}", deleted, retention);
    }
    return deleted;
  }

  private long purge(String table, String timeColumn, long before) {
    return Sql.deleteInChunks(
        store,
        CHUNK,
        "DELETE FROM "
            + table
            + " WHERE seq IN (SELECT seq FROM "
            + table
            + " WHERE "
            + timeColumn
            + " < ? LIMIT "
            + CHUNK
            + ")",
        before);
  }
}
