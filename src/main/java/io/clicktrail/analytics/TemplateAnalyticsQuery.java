package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of {@code GET /{waba_id}/template_analytics} (§8.5), validated: days snapped to
 * UTC midnights, lists parsed, enums matched without regard to case. Whether the templates are the
 * account's is checked by the caller.
 *
 * @param start 00:00 UTC of the day holding the requested start, unix seconds
 * @param end the requested end moved forward to the next 00:00 UTC unless already there
 * @param templateIds 1 to 10 distinct ids in the order asked
 * @param metrics the metrics asked for; all when none were named
 * @param limit data points a page, 1 to {@link #MAX_LIMIT}
 * @param after the data point after which the page starts, if any
 * @param before the data point before which the page ends, if any
 */
public record TemplateAnalyticsQuery(
    long start,
    long end,
    List<String> templateIds,
    Set<Metric> metrics,
    ProductType productType,
    int limit,
    Optional<String> after,
    Optional<String> before) {

  /** Most templates one request may name. */
  public static final int MAX_TEMPLATES = 10;

  /** Default and largest page size. */
  public static final int MAX_LIMIT = 1000;

  private static final Set<String> PARAMETERS =
      Set.of(
          "start",
          "end",
          "granularity",
          "template_ids",
          "metric_types",
          "product_type",
          "limit",
          "after",
          "before",
          "access_token");

  /** A {@code metric_types} value. */
  public enum Metric {
    COST,
    CLICKED,
    DELIVERED,
    READ,
    SENT
  }

  /** A {@code product_type} value. */
  public enum ProductType {
    CLOUD_API,
    MARKETING_MESSAGES_LITE_API;

    /** How the response names it: lower case. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TemplateAnalyticsQuery {
    templateIds = List.copyOf(templateIds);
    metrics = Set.copyOf(metrics);
    requireNonNull(productType, "productType");
    requireNonNull(after, "after");
    requireNonNull(before, "before");
  }

  /**
   * Parses the query parameters {@code params} (name → first value).
   *
   * @param nowSeconds the current time, unix seconds
   * @param lookback how far back {@code start} may lie from {@code nowSeconds}
   * @throws ApiException 400 code 100 naming the first bad or missing parameter
   */
  public static TemplateAnalyticsQuery parse(
      Map<String, String> params, long nowSeconds, Duration lookback) {
    for (String name : params.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ApiException.invalid("unknown parameter '" + Params.clip(name) + "'");
      }
    }
    String granularity = required(params, "granularity").trim();
    if (!granularity.equalsIgnoreCase("DAILY")) {
      throw ApiException.invalid(
          "granularity '" + Params.clip(granularity) + "' must be DAILY for template_analytics");
    }
    long rawStart = Params.unixSeconds(required(params, "start"), "start");
    long rawEnd = Params.unixSeconds(required(params, "end"), "end");
    if (rawEnd <= rawStart) {
      throw ApiException.invalid("end " + rawEnd + " must be after start " + rawStart);
    }
    long oldest = nowSeconds - lookback.toSeconds();
    if (rawStart < oldest) {
      throw ApiException.invalid(
          "start "
              + rawStart
              + " is older than the analytics lookback of "
              + lookback.toDays()
              + " days (oldest "
              + oldest
              + ")");
    }
    long start = TemplateRollup.dayOf(rawStart);
    long end =
        TemplateRollup.dayOf(rawEnd) == rawEnd ? rawEnd : TemplateRollup.dayOf(rawEnd) + 86_400;
    List<String> ids = templateIds(required(params, "template_ids"));
    Set<Metric> metrics = metrics(Optional.ofNullable(params.get("metric_types")).orElse(""));
    ProductType product = productType(params.get("product_type"));
    int limit = limit(params.get("limit"));
    Optional<String> after = Optional.ofNullable(params.get("after"));
    Optional<String> before = Optional.ofNullable(params.get("before"));
    if (after.isPresent() && before.isPresent()) {
      throw ApiException.invalid("after and before cannot be used together");
    }
    return new TemplateAnalyticsQuery(start, end, ids, metrics, product, limit, after, before);
  }

  /** Whether {@code metric} was asked for. */
  public boolean wants(Metric metric) {
    return metrics.contains(metric);
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(name + " is required");
    }
    return value;
  }

  /**
   * The items of a JSON array ({@code ["a","b"]}, {@code [1,2]}) or of a comma list ({@code a,b});
   * bare words inside brackets ({@code [SENT,READ]}, as Meta's examples write them) are accepted.
   */
  static List<String> list(String raw, String name) {
    String text = raw.trim();
    if (text.startsWith("[") != text.endsWith("]")) {
      throw ApiException.invalid(name + " '" + Params.clip(raw) + "' is not a list");
    }
    if (text.startsWith("[")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    List<String> items = new ArrayList<>();
    if (text.isEmpty()) {
      return items;
    }
    for (String part : text.split(",", -1)) {
      String item = part.trim();
      if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
        item = item.substring(1, item.length() - 1).trim();
      }
      if (item.isEmpty() || item.contains("\"")) {
        throw ApiException.invalid(name + " '" + Params.clip(raw) + "' has an empty or bad item");
      }
      items.add(item);
    }
    return items;
  }

  private static List<String> templateIds(String raw) {
    Set<String> ids = new LinkedHashSet<>(list(raw, "template_ids"));
    if (ids.isEmpty() || ids.size() > MAX_TEMPLATES) {
      throw ApiException.invalid(
          "template_ids must name 1 to " + MAX_TEMPLATES + " templates, not " + ids.size());
    }
    return List.copyOf(ids);
  }

  private static Set<Metric> metrics(String raw) {
    List<String> names = list(raw, "metric_types");
    if (names.isEmpty()) {
      return EnumSet.allOf(Metric.class);
    }
    Set<Metric> metrics = EnumSet.noneOf(Metric.class);
    for (String name : names) {
      metrics.add(
          parseEnum(Metric.class, name, "metric_types", "COST, CLICKED, DELIVERED, READ, SENT"));
    }
    return metrics;
  }

  private static ProductType productType(String raw) {
    if (raw == null || raw.isBlank()) {
      return ProductType.CLOUD_API;
    }
    return parseEnum(
        ProductType.class, raw.trim(), "product_type", "CLOUD_API, MARKETING_MESSAGES_LITE_API");
  }

  private static <E extends Enum<E>> E parseEnum(
      Class<E> type, String raw, String name, String allowed) {
    String upper = raw.toUpperCase(Locale.ROOT);
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(upper)) {
        return value;
      }
    }
    throw ApiException.invalid(name + " '" + Params.clip(raw) + "' must be one of " + allowed);
  }

  private static int limit(String raw) {
    if (raw == null) {
      return MAX_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(
        "limit '" + Params.clip(raw) + "' must be an integer from 1 to " + MAX_LIMIT);
  }
}
