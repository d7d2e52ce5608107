package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code analytics} field: messages sent and delivered per bucket, from the half-hour rollup
 * ({@link MessageRollup}), so its cost grows with the number of half-hours asked, not with the
 * number of messages.
 *
 * <p>Counts are kept per UTC half-hour and per UTC day; buckets on day boundaries read the daily
 * rows, others the half-hour rows, each counted in the bucket that holds its start, so bucket
 * boundaries that are not on a half-hour behave as if rounded to one.
 */
public final class MessagingAnalytics {
  private final Store store;

  public MessagingAnalytics(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** One bucket's counts. Times are unix seconds. */
  public record Point(long start, long end, long sent, long delivered) {}

  /**
   * What to count: the account's messages in {@code buckets}, narrowed by each non-empty filter.
   *
   * @param phoneNumberIds phone number ids (not display numbers)
   * @param productTypes 0 (template) and/or 2 (non-template)
   * @param countries ISO alpha-2 codes
   */
  public record Filter(
      Collection<String> phoneNumberIds,
      Collection<Integer> productTypes,
      Collection<String> countries) {}

  /** A data point per bucket, zeros included, and the countries present in the range. */
  public record Result(List<Point> points, Set<String> countries) {}

  /** Counts {@code accountId}'s messages per bucket of {@code buckets} (ascending, contiguous). */
  public Result query(String accountId, List<Bucket> buckets, Filter filter) {
    if (buckets.isEmpty()) {
      return new Result(List.of(), Set.of());
    }
    long from = buckets.get(0).start();
    long to = buckets.get(buckets.size() - 1).end();
    // buckets on UTC day boundaries (DAY, MONTH from midnight) read the daily rows
    boolean byDay =
        buckets.stream()
            .allMatch(b -> b.start() % MessageRollup.DAY == 0 && b.end() % MessageRollup.DAY == 0);
    String table = byDay ? "analytics_daily" : "analytics_rollup";
    String time = byDay ? "day" : "bucket";
    long first = byDay ? from : MessageRollup.bucketOf(from);
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + time
                + ", country, SUM(sent), SUM(delivered) FROM "
                + table
                + " WHERE account_id = ? AND "
                + time
                + " >= ? AND "
                + time
                + " < ?");
    List<Object> params = new ArrayList<>(List.of(accountId, first, to));
    in(sql, params, "phone_number_id", filter.phoneNumberIds());
    in(sql, params, "product_type", filter.productTypes());
    in(sql, params, "country", filter.countries());
    sql.append(" GROUP BY ").append(time).append(", country");
    long[] sent = new long[buckets.size()];
    long[] delivered = new long[buckets.size()];
    Set<String> countries = new TreeSet<>();
    store.read(
        c -> {
          Sql.list(
              c,
              sql.toString(),
              rs -> {
                int i = Bucket.indexOf(buckets, Math.max(rs.getLong(1), from));
                if (i >= 0) {
                  sent[i] += rs.getLong(3);
                  delivered[i] += rs.getLong(4);
                  if (!rs.getString(2).isEmpty() && (rs.getLong(3) > 0 || rs.getLong(4) > 0)) {
                    countries.add(rs.getString(2));
                  }
                }
                return null;
              },
              params.toArray());
          return null;
        });
    List<Point> points = new ArrayList<>(buckets.size());
    for (int i = 0; i < buckets.size(); i++) {
      points.add(new Point(buckets.get(i).start(), buckets.get(i).end(), sent[i], delivered[i]));
    }
    return new Result(points, countries);
  }

  /** Zero counts for every bucket. */
  public static Result zeros(List<Bucket> buckets) {
    return new Result(
        buckets.stream().map(b -> new Point(b.start(), b.end(), 0, 0)).toList(), Set.of());
  }

  /** Appends {@code AND column IN (?, …)} and its values, unless {@code values} is empty. */
  static void in(StringBuilder sql, List<Object> params, String column, Collection<?> values) {
    if (values.isEmpty()) {
      return;
    }
    sql.append(" AND ").append(column).append(" IN (");
    sql.append(String.join(", ", java.util.Collections.nCopies(values.size(), "?")));
    sql.append(')');
    params.addAll(values);
  }
}
