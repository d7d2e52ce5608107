package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphFieldQuery.Window;
import java.util.List;
import java.util.Set;

/**
 * The {@code pricing_analytics} field (§8.4): delivered messages with per-message pricing, their
 * volume and cost per bucket, broken down by the requested dimensions. Every empty set or list
 * means no filter (or, for {@code metricTypes}, every metric; for {@code dimensions}, no
 * breakdown).
 */
public record GraphPricingQuery(
    Window window,
    List<String> phoneNumbers,
    List<String> countryCodes,
    Set<MetricType> metricTypes,
    Set<PricingType> pricingTypes,
    Set<Category> pricingCategories,
    Set<Dimension> dimensions)
    implements GraphFieldQuery {
  /** The field's name. */
  public static final String FIELD = "pricing_analytics";

  /** A metric a data point may carry. */
  public enum MetricType {
    COST,
    VOLUME
  }

  /** A pricing type, from the status's {@code pricing.type}. */
  public enum PricingType {
    REGULAR,
    FREE_CUSTOMER_SERVICE,
    FREE_ENTRY_POINT
  }

  /** A pricing category, from the status's {@code pricing.category}. */
  public enum Category {
    AUTHENTICATION,
    AUTHENTICATION_INTERNATIONAL,
    MARKETING,
    SERVICE,
    UTILITY
  }

  /** A breakdown of the data points. */
  public enum Dimension {
    PRICING_CATEGORY,
    PRICING_TYPE,
    COUNTRY,
    PHONE
  }

  /** Copies the collections. */
  public GraphPricingQuery {
    requireNonNull(window, "window");
    phoneNumbers = List.copyOf(phoneNumbers);
    countryCodes = List.copyOf(countryCodes);
    metricTypes = Set.copyOf(metricTypes);
    pricingTypes = Set.copyOf(pricingTypes);
    pricingCategories = Set.copyOf(pricingCategories);
    dimensions = Set.copyOf(dimensions);
  }

  /**
   * Validates a {@code pricing_analytics} field request.
   *
   * @throws FieldExpansionException naming the first bad, missing or unknown modifier
   */
  public static GraphPricingQuery from(FieldRequest request) {
    GraphModifiers m =
        new GraphModifiers(
            request,
            Set.of(
                "phone_numbers",
                "country_codes",
                "metric_types",
                "pricing_types",
                "pricing_categories",
                "dimensions"));
    return new GraphPricingQuery(
        m.window(Granularity.GRAPH),
        m.phoneNumbers(),
        m.countryCodes(),
        m.enums("metric_types", MetricType.class),
        m.enums("pricing_types", PricingType.class),
        m.enums("pricing_categories", Category.class),
        m.enums("dimensions", Dimension.class));
  }

  @Override
  public String field() {
    return FIELD;
  }
}
