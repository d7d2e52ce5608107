package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.TemplateAnalyticsQuery.Metric;
import io.clicktrail.catalog.Template;
import io.clicktrail.inbound.QuickReplyClicks;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code template_analytics} data points from the daily rollups {@link TemplateRollup}
 * keeps, pricing billed deliveries with the rate card: the work per request depends on the days and
 * templates asked for, never on how many messages or clicks there were. Thread-safe.
 */
public final class TemplateAnalytics {
  private final Store store;
  private final RateCard rateCard;

  public TemplateAnalytics(Store store, RateCard rateCard) {
    this.store = requireNonNull(store, "store");
    this.rateCard = requireNonNull(rateCard, "rateCard");
  }

  /**
   * One data point: a template on a UTC day.
   *
   * @param day 00:00 UTC, unix seconds
   */
  public record Key(Template template, long day) {}

  private record Counts(long sent, long delivered, long read) {}

  private record Billed(String country, PricingCategory category, long messages) {}

  /** What one template has on the days read. */
  private record Facts(
      Map<Long, Counts> counts,
      Map<Long, Map<Integer, long[]>> buttons,
      Map<Long, Map<String, Long>> quickReplies,
      Map<Long, List<Billed>> billed) {}

  /**
   * The data points of {@code keys} (in that order) of {@code accountId}, each with only the {@code
   * metrics} asked for, as the response's JSON objects.
   */
  public List<Map<String, Object>> points(
      String accountId, List<Key> keys, java.util.Set<Metric> metrics) {
    requireNonNull(accountId, "accountId");
    Map<String, long[]> ranges = new LinkedHashMap<>();
    Map<String, Template> templates = new HashMap<>();
    for (Key k : keys) {
      templates.put(k.template().id(), k.template());
      ranges.merge(
          k.template().id(),
          new long[] {k.day(), k.day() + TemplateRollup.DAY},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    Map<String, Facts> facts =
        store.read(
            c -> {
              Map<String, Facts> out = new HashMap<>();
              for (Map.Entry<String, long[]> e : ranges.entrySet()) {
                out.put(e.getKey(), facts(c, accountId, e.getKey(), e.getValue()));
              }
              return out;
            });
    List<Map<String, Object>> points = new ArrayList<>();
    for (Key k : keys) {
      points.add(point(k, facts.get(k.template().id()), metrics));
    }
    return points;
  }

  private static Facts facts(Connection c, String account, String template, long[] range)
      throws SQLException {
    Map<Long, Counts> counts = new HashMap<>();
    for (Object[] row :
        Sql.list(
            c,
            "SELECT day, sent, delivered, reads FROM template_rollup"
                + " WHERE account_id = ? AND template_id = ? AND day >= ? AND day < ?",
            rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)},
            account,
            template,
            range[0],
            range[1])) {
      counts.put((Long) row[0], new Counts((Long) row[1], (Long) row[2], (Long) row[3]));
    }
    Map<Long, Map<Integer, long[]>> buttons = new HashMap<>();
    for (Object[] row :
        Sql.list(
            c,
            "SELECT day, button_index, clicks, uniques FROM template_button_rollup"
                + " WHERE account_id = ? AND template_id = ? AND day >= ? AND day < ?",
            rs -> new Object[] {rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)},
            account,
            template,
            range[0],
            range[1])) {
      buttons
          .computeIfAbsent((Long) row[0], d -> new HashMap<>())
          .put((Integer) row[1], new long[] {(Long) row[2], (Long) row[3]});
    }
    Map<Long, Map<String, Long>> quickReplies = new HashMap<>();
    for (QuickReplyClicks.Count q : QuickReplyClicks.of(c, account, template, range[0], range[1])) {
      quickReplies.computeIfAbsent(q.day(), d -> new HashMap<>()).put(q.buttonText(), q.clicks());
    }
    Map<Long, List<Billed>> billed = new HashMap<>();
    for (Object[] row :
        Sql.list(
            c,
            "SELECT day, country, category, messages FROM template_cost_rollup"
                + " WHERE account_id = ? AND template_id = ? AND day >= ? AND day < ?"
                + " AND messages <> 0",
            rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)},
            account,
            template,
            range[0],
            range[1])) {
      Optional<PricingCategory> category = PricingCategory.parseFilter((String) row[2]);
      if (category.isPresent()) {
        billed
            .computeIfAbsent((Long) row[0], d -> new ArrayList<>())
            .add(new Billed((String) row[1], category.get(), (Long) row[3]));
      }
    }
    return new Facts(counts, buttons, quickReplies, billed);
  }

  private Map<String, Object> point(Key k, Facts f, java.util.Set<Metric> metrics) {
    Template t = k.template();
    Counts counts = f.counts().getOrDefault(k.day(), new Counts(0, 0, 0));
    Map<Integer, long[]> buttons = f.buttons().getOrDefault(k.day(), Map.of());
    List<Template.Button> urlButtons = t.urlButtons();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("template_id", t.id());
    p.put("start", k.day());
    p.put("end", k.day() + TemplateRollup.DAY);
    if (metrics.contains(Metric.SENT)) {
      p.put("sent", counts.sent());
    }
    if (metrics.contains(Metric.DELIVERED)) {
      p.put("delivered", counts.delivered());
    }
    if (metrics.contains(Metric.READ)) {
      p.put("read", counts.read());
    }
    if (metrics.contains(Metric.CLICKED) && !t.trackingOptedOut()) {
      p.put("clicked", clicked(t, urlButtons, buttons, f.quickReplies().get(k.day())));
    }
    if (metrics.contains(Metric.COST)) {
      long urlClicks = 0;
      for (int i = 0; i < urlButtons.size(); i++) {
        long[] b = buttons.get(i);
        urlClicks += b == null ? 0 : b[0];
      }
      p.put(
          "cost", cost(f.billed().getOrDefault(k.day(), List.of()), counts, urlButtons, urlClicks));
    }
    return p;
  }

  private static List<Map<String, Object>> clicked(
      Template t,
      List<Template.Button> urlButtons,
      Map<Integer, long[]> buttons,
      Map<String, Long> quickReplies) {
    List<Map<String, Object>> clicked = new ArrayList<>();
    for (int i = 0; i < urlButtons.size(); i++) {
      long[] b = buttons.get(i);
      if (b != null && b[0] > 0) {
        clicked.add(click("url_button", urlButtons.get(i).text(), b[0]));
        clicked.add(click("unique_url_button", urlButtons.get(i).text(), b[1]));
      }
    }
    if (quickReplies != null) {
      for (Template.Button b : t.buttons()) {
        Long n = b.type().equals("quick_reply") ? quickReplies.get(b.text()) : null;
        if (n != null && n > 0) {
          clicked.add(click("quick_reply_button", b.text(), n));
        }
      }
    }
    return clicked;
  }

  private static Map<String, Object> click(String type, String content, long count) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("button_content", content);
    m.put("count", count);
    return m;
  }

  private List<Map<String, Object>> cost(
      List<Billed> billed, Counts counts, List<Template.Button> urlButtons, long urlClicks) {
    BigDecimal spent = BigDecimal.ZERO;
    for (Billed b : billed) {
      spent =
          spent.add(
              rateCard.price(b.country(), b.category()).multiply(BigDecimal.valueOf(b.messages())));
    }
    List<Map<String, Object>> cost = new ArrayList<>();
    cost.add(value("amount_spent", spent));
    if (counts.delivered() > 0) {
      cost.add(value("cost_per_delivered", ratio(spent, counts.delivered())));
    }
    if (!urlButtons.isEmpty() && urlClicks > 0) {
      cost.add(value("cost_per_url_button_click", ratio(spent, urlClicks)));
    }
    return cost;
  }

  /** {@code amount / divisor} to 16 significant digits. */
  static BigDecimal ratio(BigDecimal amount, long divisor) {
    return amount.divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL64);
  }

  private static Map<String, Object> value(String type, BigDecimal value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("value", value.doubleValue());
    return m;
  }
}
