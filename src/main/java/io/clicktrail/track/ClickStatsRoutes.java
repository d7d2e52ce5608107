package io.clicktrail.track;

import static java.util.Objects.requireNonNull;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.time.InstantSource;
import java.util.Locale;

/**
 * {@code GET /v1/click_stats} (account token): the click statistics the dashboard draws.
 *
 * <p>Parameters, all optional:
 *
 * <ul>
 *   <li>{@code until}: unix seconds, exclusive; default now.
 *   <li>{@code since}: unix seconds, floored to the start of its UTC bucket; default {@code until}
 *       minus 30 days. Must be before {@code until}, and the range at most {@value
 *       ClickStats#MAX_BUCKETS} buckets.
 *   <li>{@code granularity}: {@code HOUR} or {@code DAY} (any case); default {@code DAY}.
 *   <li>{@code limit}: how many top links, 1 to 100; default 10.
 * </ul>
 *
 * <p>Answer: {@code {"since","until","granularity","totals":{"clicks","human","bot","prefetch"},
 * "timeline":[{"start","human","bot","prefetch"}…],"reasons":[{"classification","reason","clicks"}…],
 * "top_links":[{"url","clicks","human_clicks"}…]}}. {@code since} is the floored start; {@code
 * timeline} has every bucket of the range, zeros included, ascending; a click counts in the range
 * when its UTC hour starts in {@code [since, until)}. {@code reasons} are sorted by clicks, most
 * first; {@code top_links} are link URLs without query and fragment, summed over the UTC days that
 * intersect the range, sorted by human clicks then clicks. Every count includes bot and prefetch
 * clicks by classification, whatever {@code count-bots} says. A bad parameter is a 400 (code 100)
 * naming it.
 */
public final class ClickStatsRoutes {
  static final long DEFAULT_RANGE_SECONDS = 30L * 86_400;
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;

  private ClickStatsRoutes() {}

  public static void register(Router router, ClickStats stats, InstantSource clock) {
    requireNonNull(stats, "stats");
    requireNonNull(clock, "clock");
    router.add(
        "GET",
        "/v1/click_stats",
        req -> {
          String account = req.account();
          return ApiResponse.ok(stats.of(account, query(req, clock.millis() / 1000)));
        });
  }

  /** The validated query of {@code req}, {@code now} in unix seconds. */
  static ClickStats.Query query(ApiRequest req, long now) {
    ClickStats.Granularity granularity =
        req.query("granularity")
            .map(ClickStatsRoutes::granularity)
            .orElse(ClickStats.Granularity.DAY);
    long until = req.query("until").map(v -> Params.unixSeconds(v, "until")).orElse(now);
    long since =
        req.query("since")
            .map(v -> Params.unixSeconds(v, "since"))
            .orElse(Math.max(0, until - DEFAULT_RANGE_SECONDS));
    if (since >= until) {
      throw ApiException.invalid("since " + since + " must be before until " + until);
    }
    long floored = granularity.floor(since);
    long buckets = Math.ceilDiv(until - floored, granularity.seconds());
    if (buckets > ClickStats.MAX_BUCKETS) {
      throw ApiException.invalid(
          "since "
              + since
              + " is "
              + buckets
              + " "
              + granularity
              + " buckets before until "
              + until
              + "; at most "
              + ClickStats.MAX_BUCKETS);
    }
    int limit = req.query("limit").map(ClickStatsRoutes::limit).orElse(DEFAULT_LIMIT);
    return new ClickStats.Query(floored, until, granularity, limit);
  }

  private static ClickStats.Granularity granularity(String raw) {
    return switch (raw.trim().toUpperCase(Locale.ROOT)) {
      case "HOUR" -> ClickStats.Granularity.HOUR;
      case "DAY" -> ClickStats.Granularity.DAY;
      default ->
          throw ApiException.invalid(
              "granularity '" + Params.clip(raw) + "' must be one of HOUR, DAY");
    };
  }

  private static int limit(String raw) {
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= 1 && v <= MAX_LIMIT) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(
        "limit '" + Params.clip(raw) + "' must be an integer from 1 to " + MAX_LIMIT);
  }
}
