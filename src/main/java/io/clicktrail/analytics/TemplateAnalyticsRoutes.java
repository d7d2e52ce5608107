package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.catalog.Catalog;
import io.clicktrail.catalog.Template;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /{waba_id}/template_analytics} and the insights confirmation {@code POST
 * /{waba_id}?is_enabled_for_insights=true} (§8.5), with or without a Graph version prefix.
 */
public final class TemplateAnalyticsRoutes {
  private final Catalog catalog;
  private final TemplateInsights insights;
  private final TemplateAnalytics analytics;
  private final Duration lookback;
  private final InstantSource clock;

  private TemplateAnalyticsRoutes(
      Catalog catalog,
      TemplateInsights insights,
      TemplateAnalytics analytics,
      Duration lookback,
      InstantSource clock) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.insights = requireNonNull(insights, "insights");
    this.analytics = requireNonNull(analytics, "analytics");
    this.lookback = requireNonNull(lookback, "lookback");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Registers the routes; register after the template update so that {@code POST /{node}} for a
   * template id still reaches it.
   *
   * @param lookback the oldest {@code start} accepted, back from {@code clock}'s now
   */
  public static void register(
      Router router,
      Catalog catalog,
      TemplateInsights insights,
      TemplateAnalytics analytics,
      Duration lookback,
      InstantSource clock) {
    TemplateAnalyticsRoutes routes =
        new TemplateAnalyticsRoutes(catalog, insights, analytics, lookback, clock);
    router.graph("POST", "/{waba_id}", routes::confirm);
    router.graph("GET", "/{waba_id}/template_analytics", routes::templateAnalytics);
  }

  private @Nullable ApiResponse confirm(ApiRequest req) {
    String waba = req.path("waba_id");
    var params = req.params();
    String raw = params.getValue("is_enabled_for_insights");
    if (raw == null || !isAccountId(waba)) {
      return null; // another node's update, or an unknown path
    }
    requireOwn(req, waba);
    for (String name : params.getNames()) {
      if (!name.equals("is_enabled_for_insights") && !name.equals("access_token")) {
        throw ApiException.invalid("unknown parameter '" + Params.clip(name) + "'");
      }
    }
    boolean enabled =
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default ->
              throw ApiException.invalid(
                  "is_enabled_for_insights '" + Params.clip(raw) + "' must be true or false");
        };
    insights.set(waba, enabled);
    return ApiResponse.ok(Map.of("id", waba));
  }

  private @Nullable ApiResponse templateAnalytics(ApiRequest req) {
    String waba = req.path("waba_id");
    if (!isAccountId(waba)) {
      return null;
    }
    requireOwn(req, waba);
    if (!insights.enabled(waba)) {
      throw ApiException.forbidden(
          "template insights are not enabled for waba "
              + waba
              + ": POST /"
              + waba
              + "?is_enabled_for_insights=true first");
    }
    Map<String, String> params = new HashMap<>();
    for (String name : req.queryNames()) {
      req.query(name).ifPresent(v -> params.put(name, v));
    }
    TemplateAnalyticsQuery q =
        TemplateAnalyticsQuery.parse(params, clock.millis() / 1000, lookback);
    List<TemplateAnalytics.Key> keys = new ArrayList<>();
    for (String id : q.templateIds()) {
      Template t =
          catalog
              .template(waba, id)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "template_ids: '"
                              + Params.clip(id)
                              + "' is not a template of this waba"));
      for (long day = q.start(); day < q.end(); day += TemplateRollup.DAY) {
        keys.add(new TemplateAnalytics.Key(t, day));
      }
    }
    int from = 0;
    int to = keys.size();
    if (q.after().isPresent()) {
      from = position(keys, q.after().get(), "after") + 1;
      to = Math.min(keys.size(), from + q.limit());
    } else if (q.before().isPresent()) {
      to = position(keys, q.before().get(), "before");
      from = Math.max(0, to - q.limit());
    } else {
      to = Math.min(keys.size(), q.limit());
    }
    List<TemplateAnalytics.Key> page = keys.subList(from, to);
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("granularity", "DAILY");
    group.put("product_type", q.productType().wireName());
    group.put("data_points", analytics.points(waba, page, q.metrics()));
    Map<String, Object> cursors = new LinkedHashMap<>();
    if (!page.isEmpty()) {
      cursors.put("before", cursor(page.get(0)));
      if (to < keys.size()) {
        cursors.put("after", cursor(page.get(page.size() - 1)));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", List.of(group));
    body.put("paging", Map.of("cursors", cursors));
    return ApiResponse.ok(body);
  }

  private static boolean isAccountId(String waba) {
    return !waba.isEmpty() && waba.chars().allMatch(Character::isDigit);
  }

  private static void requireOwn(ApiRequest req, String waba) {
    if (!req.account().equals(waba)) {
      throw ApiException.forbidden(
          "waba " + Params.clip(waba) + " does not belong to this token's account");
    }
  }

  /** The opaque cursor of a data point: its template id and day. */
  static String cursor(TemplateAnalytics.Key key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((key.template().id() + "@" + key.day()).getBytes(StandardCharsets.UTF_8));
  }

  private static int position(List<TemplateAnalytics.Key> keys, String cursor, String name) {
    Optional<Integer> found = Optional.empty();
    for (int i = 0; i < keys.size() && found.isEmpty(); i++) {
      if (cursor(keys.get(i)).equals(cursor)) {
        found = Optional.of(i);
      }
    }
    return found.orElseThrow(
        () ->
            ApiException.invalid(
                name + " cursor '" + Params.clip(cursor) + "' is not a data point of this query"));
  }
}
