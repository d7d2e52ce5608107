package io.clicktrail.track;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The click rollups of one projected batch, summed in memory and then added to {@code
 * click_rollup_hourly} (per account, UTC hour, classification and reason) and {@code
 * click_rollup_links} (per account, UTC day and link {@linkplain #target target}) with one upsert
 * per touched row. Offered only the clicks that are new in the batch, so replays change nothing.
 * Not thread-safe: one instance per batch.
 */
final class ClickRollup {
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final long DAY_MILLIS = 86_400_000L;

  private record HourKey(String accountId, long hour, String classification, String reason) {}

  private record LinkKey(String accountId, long day, String target) {}

  private static final class LinkCounts {
    long clicks;
    long human;
  }

  private final Map<HourKey, long[]> hours = new HashMap<>();
  private final Map<LinkKey, LinkCounts> links = new HashMap<>();

  /** Counts {@code click}, which must not have been counted before. */
  void add(ClickRecorded click) {
    long hour = Math.floorDiv(click.at(), HOUR_MILLIS) * 3600;
    hours
        .computeIfAbsent(
            new HourKey(click.accountId(), hour, click.classification(), click.reason()),
            k -> new long[1])[0]++;
    long day = Math.floorDiv(click.at(), DAY_MILLIS) * 86_400;
    LinkCounts l =
        links.computeIfAbsent(
            new LinkKey(click.accountId(), day, target(click.url())), k -> new LinkCounts());
    l.clicks++;
    if (click.classification().equals(Classification.Kind.HUMAN.wireName())) {
      l.human++;
    }
  }

  /** Adds the sums to the rollup tables in {@code tx}; does nothing when no click was added. */
  void write(Connection tx) throws SQLException {
    List<@Nullable Object[]> hourRows = new ArrayList<>(hours.size());
    hours.forEach(
        (k, n) ->
            hourRows.add(
                new Object[] {k.accountId(), k.hour(), k.classification(), k.reason(), n[0]}));
    Sql.batch(
        tx,
        "INSERT INTO click_rollup_hourly (account_id, hour, classification, reason, clicks)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, hour, classification, reason)"
            + " DO UPDATE SET clicks = click_rollup_hourly.clicks + excluded.clicks",
        hourRows);
    List<@Nullable Object[]> linkRows = new ArrayList<>(links.size());
    links.forEach(
        (k, n) ->
            linkRows.add(new Object[] {k.accountId(), k.day(), k.target(), n.clicks, n.human}));
    Sql.batch(
        tx,
        "INSERT INTO click_rollup_links (account_id, day, target, clicks, human_clicks)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, day, target) DO UPDATE SET"
            + " clicks = click_rollup_links.clicks + excluded.clicks,"
            + " human_clicks = click_rollup_links.human_clicks + excluded.human_clicks",
        linkRows);
  }

  /**
   * The page a link leads to: its URL up to the first {@code ?} or {@code #} (scheme, host and
   * path), as the V15 migration computes it for the clicks it backfilled.
   */
  static String target(String url) {
    int q = url.indexOf('?');
    int h = url.indexOf('#');
    int end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
    return end < 0 ? url : url.substring(0, end);
  }
}
