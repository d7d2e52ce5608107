package io.clicktrail.track;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the click rollups of one account for the dashboard: clicks over time by classification,
 * clicks by classification and reason, and the most clicked link targets. Served from {@code
 * click_rollup_hourly} and {@code click_rollup_links} only, so its cost does not grow with the
 * number of raw clicks; thread-safe.
 */
public final class ClickStats {
  /** The most buckets one query may span. */
  public static final int MAX_BUCKETS = 2_000;

  private final Store store;

  public ClickStats(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** The size of a timeline bucket; buckets are aligned to UTC. */
  public enum Granularity {
    HOUR(3_600),
    DAY(86_400);

    private final long seconds;

    Granularity(long seconds) {
      this.seconds = seconds;
    }

    /** The bucket's length in seconds. */
    public long seconds() {
      return seconds;
    }

    /** The start of the bucket holding {@code unixSeconds}. */
    public long floor(long unixSeconds) {
      return Math.floorDiv(unixSeconds, seconds) * seconds;
    }
  }

  /**
   * A validated query.
   *
   * @param since unix seconds, already floored to its bucket
   * @param until unix seconds, exclusive, greater than {@code since}
   * @param limit how many top links, 1 to 100
   */
  public record Query(long since, long until, Granularity granularity, int limit) {
    public Query {
      requireNonNull(granularity, "granularity");
      if (since != granularity.floor(since) || since >= until) {
        throw new IllegalArgumentException(
            "since " + since + " must be a bucket start before until");
      }
    }

    /** How many buckets the range spans: the last one holds {@code until - 1}. */
    public long buckets() {
      return Math.ceilDiv(until - since, granularity.seconds());
    }
  }

  /** Clicks in the range, by classification. */
  public record Totals(long clicks, long human, long bot, long prefetch) {}

  /**
   * One bucket of the timeline.
   *
   * @param start unix seconds of the bucket's start
   */
  public record Point(long start, long human, long bot, long prefetch) {}

  /** Clicks of one classification rule. */
  public record Reason(String classification, String reason, long clicks) {}

  /**
   * A link target: the link URL without query and fragment.
   *
   * @param humanClicks clicks classified human (whatever {@code count-bots} says)
   */
  public record TopLink(String url, long clicks, long humanClicks) {}

  /**
   * The answer of {@code GET /v1/click_stats}.
   *
   * @param since unix seconds, floored to the bucket
   * @param until unix seconds, exclusive, as asked
   * @param timeline every bucket from {@code since} to {@code until}, zeros included, ascending
   * @param reasons sorted by clicks, most first
   * @param topLinks sorted by human clicks then clicks, most first
   */
  public record Report(
      long since,
      long until,
      Granularity granularity,
      Totals totals,
      List<Point> timeline,
      List<Reason> reasons,
      List<TopLink> topLinks) {}

  /**
   * The statistics of {@code accountId} over {@code query}'s range. Hourly rollups count when their
   * hour starts in {@code [since, until)}; link rollups when their UTC day intersects it.
   */
  public Report of(String accountId, Query query) {
    requireNonNull(accountId, "accountId");
    requireNonNull(query, "query");
    return store.read(c -> report(c, accountId, query));
  }

  private static Report report(Connection c, String accountId, Query q) throws SQLException {
    long size = q.granularity().seconds();
    int buckets = Math.toIntExact(q.buckets());
    long[][] counts = new long[buckets][3];
    long other = 0;
    // size is one of two constants, never input: inlined so that both dialects group by it
    List<Object[]> rows =
        Sql.list(
            c,
            "SELECT hour / "
                + size
                + " * "
                + size
                + ", classification, SUM(clicks) FROM click_rollup_hourly"
                + " WHERE account_id = ? AND hour >= ? AND hour < ?"
                + " GROUP BY hour / "
                + size
                + " * "
                + size
                + ", classification",
            rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)},
            accountId,
            q.since(),
            q.until());
    for (Object[] r : rows) {
      int bucket = (int) (((Long) r[0] - q.since()) / size);
      long n = (Long) r[2];
      int kind = kindIndex((String) r[1]);
      if (kind < 0) {
        other += n;
      } else {
        counts[bucket][kind] += n;
      }
    }
    List<Point> timeline = new ArrayList<>(buckets);
    long human = 0;
    long bot = 0;
    long prefetch = 0;
    for (int i = 0; i < buckets; i++) {
      long[] b = counts[i];
      timeline.add(new Point(q.since() + i * size, b[0], b[1], b[2]));
      human += b[0];
      bot += b[1];
      prefetch += b[2];
    }
    return new Report(
        q.since(),
        q.until(),
        q.granularity(),
        new Totals(human + bot + prefetch + other, human, bot, prefetch),
        timeline,
        reasons(c, accountId, q),
        topLinks(c, accountId, q));
  }

  private static int kindIndex(String classification) {
    return switch (classification) {
      case "human" -> 0;
      case "bot" -> 1;
      case "prefetch" -> 2;
      default -> -1;
    };
  }

  private static List<Reason> reasons(Connection c, String accountId, Query q) throws SQLException {
    List<Reason> reasons =
        Sql.list(
            c,
            "SELECT classification, reason, SUM(clicks) FROM click_rollup_hourly"
                + " WHERE account_id = ? AND hour >= ? AND hour < ?"
                + " GROUP BY classification, reason",
            rs -> new Reason(rs.getString(1), rs.getString(2), rs.getLong(3)),
            accountId,
            q.since(),
            q.until());
    reasons.sort(
        Comparator.comparingLong(Reason::clicks)
            .reversed()
            .thenComparing(Reason::classification)
            .thenComparing(Reason::reason));
    return reasons;
  }

  private static List<TopLink> topLinks(Connection c, String accountId, Query q)
      throws SQLException {
    return Sql.list(
        c,
        "SELECT target, SUM(clicks), SUM(human_clicks) FROM click_rollup_links"
            + " WHERE account_id = ? AND day >= ? AND day < ?"
            + " GROUP BY target ORDER BY SUM(human_clicks) DESC, SUM(clicks) DESC, target"
            + " LIMIT ?",
        rs -> new TopLink(rs.getString(1), rs.getLong(2), rs.getLong(3)),
        accountId,
        Granularity.DAY.floor(q.since()),
        q.until(),
        q.limit());
  }
}
