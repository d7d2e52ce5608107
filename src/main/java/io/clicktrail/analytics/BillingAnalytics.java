package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphConversationQuery.Dimension;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code conversation_analytics} (§8.3) and {@code pricing_analytics} (§8.4) fields, answered
 * from the half-hour rollups of {@link ConversationRollup} and {@link PricingRollup}, so their cost
 * grows with the number of half-hours and dimension combinations asked, not with the number of
 * messages.
 *
 * <p>Costs are computed here, at query time, from the rate card: {@code count × price(country,
 * category)} for {@code REGULAR} rows, 0 for every other type. A new rate card therefore applies to
 * past data as well. As with {@link MessagingAnalytics}, each half-hour is counted in the bucket
 * holding its start. Thread-safe.
 */
public final class BillingAnalytics {
  /** The country member of a data point whose recipient's country is unknown. */
  static final String UNKNOWN_COUNTRY = "UNKNOWN";

  private final Store store;
  private final RateCard card;

  /**
   * @param card the prices of §8.7
   */
  public BillingAnalytics(Store store, RateCard card) {
    this.store = requireNonNull(store, "store");
    this.card = requireNonNull(card, "card");
  }

  /** One rollup row, summed over what the query does not tell apart. */
  private record Row(
      long bucket,
      String phone,
      String country,
      String category,
      String type,
      String direction,
      long count) {}

  /** One data point: a bucket and the values of the requested dimensions, in member order. */
  private record Group(int bucket, List<String> values) {}

  /** A data point's sums. */
  private static final class Sums {
    long count;
    BigDecimal cost = BigDecimal.ZERO;
  }

  /**
   * The {@code conversation_analytics} member for {@code q}.
   *
   * @param displayById the display number of each of the account's phone number ids
   */
  public Map<String, Object> conversations(
      String accountId, GraphConversationQuery q, Map<String, String> displayById) {
    requireNonNull(accountId, "accountId");
    requireNonNull(q, "q");
    List<Bucket> buckets = q.window().buckets().list();
    List<String> phoneIds = phoneIds(q.phoneNumbers(), displayById);
    List<Row> rows =
        !q.phoneNumbers().isEmpty() && phoneIds.isEmpty()
            ? List.of()
            : rows(
                "SELECT bucket, phone_number_id, country, category, type, direction,"
                    + " SUM(conversations) FROM conversation_rollup",
                "GROUP BY bucket, phone_number_id, country, category, type, direction",
                accountId,
                buckets,
                List.of(
                    new In("phone_number_id", phoneIds),
                    new In("country", q.countryCodes()),
                    new In("category", names(q.conversationCategories())),
                    new In("type", names(q.conversationTypes())),
                    new In("direction", names(q.conversationDirections()))),
                true);
    Set<Dimension> dims = q.dimensions();
    Map<String, Function<Row, String>> members = new LinkedHashMap<>();
    if (dims.contains(Dimension.PHONE)) {
      members.put("phone_number", r -> displayById.getOrDefault(r.phone(), r.phone()));
    }
    if (dims.contains(Dimension.COUNTRY)) {
      members.put("country", BillingAnalytics::country);
    }
    if (dims.contains(Dimension.CONVERSATION_TYPE)) {
      members.put("conversation_type", Row::type);
    }
    if (dims.contains(Dimension.CONVERSATION_DIRECTION)) {
      members.put("conversation_direction", Row::direction);
    }
    if (dims.contains(Dimension.CONVERSATION_CATEGORY)) {
      members.put("conversation_category", Row::category);
    }
    Set<GraphConversationQuery.MetricType> metrics = q.metricTypes();
    boolean count =
        metrics.isEmpty() || metrics.contains(GraphConversationQuery.MetricType.CONVERSATION);
    boolean cost = metrics.isEmpty() || metrics.contains(GraphConversationQuery.MetricType.COST);
    return data(buckets, rows, members, count ? "conversation" : null, cost);
  }

  /**
   * The {@code pricing_analytics} member for {@code q}.
   *
   * @param displayById the display number of each of the account's phone number ids
   */
  public Map<String, Object> pricing(
      String accountId, GraphPricingQuery q, Map<String, String> displayById) {
    requireNonNull(accountId, "accountId");
    requireNonNull(q, "q");
    List<Bucket> buckets = q.window().buckets().list();
    List<String> phoneIds = phoneIds(q.phoneNumbers(), displayById);
    List<Row> rows =
        !q.phoneNumbers().isEmpty() && phoneIds.isEmpty()
            ? List.of()
            : rows(
                "SELECT bucket, phone_number_id, country, pricing_category, pricing_type, '',"
                    + " SUM(volume) FROM pricing_rollup",
                "GROUP BY bucket, phone_number_id, country, pricing_category, pricing_type",
                accountId,
                buckets,
                List.of(
                    new In("phone_number_id", phoneIds),
                    new In("country", q.countryCodes()),
                    new In("pricing_category", names(q.pricingCategories())),
                    new In("pricing_type", names(q.pricingTypes()))),
                false);
    Set<GraphPricingQuery.Dimension> dims = q.dimensions();
    Map<String, Function<Row, String>> members = new LinkedHashMap<>();
    if (dims.contains(GraphPricingQuery.Dimension.PHONE)) {
      members.put("phone_number", r -> displayById.getOrDefault(r.phone(), r.phone()));
    }
    if (dims.contains(GraphPricingQuery.Dimension.COUNTRY)) {
      members.put("country", BillingAnalytics::country);
    }
    if (dims.contains(GraphPricingQuery.Dimension.PRICING_TYPE)) {
      members.put("pricing_type", Row::type);
    }
    if (dims.contains(GraphPricingQuery.Dimension.PRICING_CATEGORY)) {
      members.put("pricing_category", Row::category);
    }
    Set<GraphPricingQuery.MetricType> metrics = q.metricTypes();
    boolean volume = metrics.isEmpty() || metrics.contains(GraphPricingQuery.MetricType.VOLUME);
    boolean cost = metrics.isEmpty() || metrics.contains(GraphPricingQuery.MetricType.COST);
    return data(buckets, rows, members, volume ? "volume" : null, cost);
  }

  /** A column and the values it must take; no values means no filter. */
  private record In(String column, Collection<?> values) {}

  private List<Row> rows(
      String select,
      String groupBy,
      String accountId,
      List<Bucket> buckets,
      List<In> filters,
      boolean conversations) {
    if (buckets.isEmpty()) {
      return List.of();
    }
    long from = buckets.get(0).start();
    long to = buckets.get(buckets.size() - 1).end();
    StringBuilder sql =
        new StringBuilder(select).append(" WHERE account_id = ? AND bucket >= ? AND bucket < ?");
    List<Object> params = new ArrayList<>(List.of(accountId, MessageRollup.bucketOf(from), to));
    for (In in : filters) {
      MessagingAnalytics.in(sql, params, in.column(), in.values());
    }
    sql.append(' ')
        .append(groupBy)
        .append(" HAVING SUM(")
        .append(conversations ? "conversations" : "volume")
        .append(") > 0");
    return store.read(
        c ->
            Sql.list(
                c,
                sql.toString(),
                rs ->
                    new Row(
                        Math.max(rs.getLong(1), from),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7)),
                params.toArray()));
  }

  private Map<String, Object> data(
      List<Bucket> buckets,
      List<Row> rows,
      Map<String, Function<Row, String>> members,
      @Nullable String countMember,
      boolean withCost) {
    Map<Group, Sums> groups = new HashMap<>();
    for (Row r : rows) {
      int i = Bucket.indexOf(buckets, r.bucket());
      if (i < 0) {
        continue;
      }
      List<String> values = new ArrayList<>(members.size());
      members.values().forEach(f -> values.add(f.apply(r)));
      Sums sums = groups.computeIfAbsent(new Group(i, List.copyOf(values)), g -> new Sums());
      sums.count += r.count();
      sums.cost = sums.cost.add(cost(r));
    }
    List<Group> order = new ArrayList<>(groups.keySet());
    order.sort(
        Comparator.comparingInt(Group::bucket)
            .thenComparing(Group::values, BillingAnalytics::compare));
    List<Map<String, Object>> points = new ArrayList<>(order.size());
    List<String> names = List.copyOf(members.keySet());
    for (Group g : order) {
      Sums sums = groups.get(g);
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("start", buckets.get(g.bucket()).start());
      point.put("end", buckets.get(g.bucket()).end());
      if (countMember != null) {
        point.put(countMember, sums.count);
      }
      for (int k = 0; k < names.size(); k++) {
        point.put(names.get(k), g.values().get(k));
      }
      if (withCost) {
        point.put("cost", plain(sums.cost));
      }
      points.add(point);
    }
    return Map.of("data", List.of(Map.of("data_points", points)));
  }

  /** {@code count × price} for a REGULAR row; 0 otherwise. */
  private BigDecimal cost(Row r) {
    if (!r.type().equals("REGULAR")) {
      return BigDecimal.ZERO;
    }
    BigDecimal price = card.price(r.country(), PricingCategory.valueOf(r.category()));
    return price.multiply(BigDecimal.valueOf(r.count()));
  }

  /** Without trailing zeros, and never in exponent form. */
  private static BigDecimal plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String country(Row r) {
    return r.country().isEmpty() ? UNKNOWN_COUNTRY : r.country();
  }

  private static List<String> names(Set<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).toList();
  }

  /** The ids of the display numbers asked for that are the account's. */
  private static List<String> phoneIds(List<String> displays, Map<String, String> displayById) {
    List<String> ids = new ArrayList<>();
    for (String display : displays) {
      String digits = display.replace("+", "");
      displayById.forEach(
          (id, number) -> {
            if (number.equals(digits)) {
              ids.add(id);
            }
          });
    }
    return ids;
  }
}
