package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphFieldQuery.Window;
import java.util.List;
import java.util.Set;

/**
 * The {@code analytics} field (§8.2): messages sent and delivered per bucket. An empty filter list
 * means no filter. {@code phoneNumbers} and {@code countryCodes} keep the order asked, as the
 * response echoes them.
 *
 * @param phoneNumbers display numbers to count, or empty for all of the account's numbers
 * @param productTypes 0 (template) and/or 2 (non-template), or empty for both
 * @param countryCodes upper-case ISO 3166 alpha-2 codes, or empty for every country
 */
public record GraphAnalyticsQuery(
    Window window, List<String> phoneNumbers, List<Integer> productTypes, List<String> countryCodes)
    implements GraphFieldQuery {
  /** The field's name. */
  public static final String FIELD = "analytics";

  /** Copies the lists. */
  public GraphAnalyticsQuery {
    requireNonNull(window, "window");
    phoneNumbers = List.copyOf(phoneNumbers);
    productTypes = List.copyOf(productTypes);
    countryCodes = List.copyOf(countryCodes);
  }

  /**
   * Validates an {@code analytics} field request.
   *
   * @throws FieldExpansionException naming the first bad, missing or unknown modifier
   */
  public static GraphAnalyticsQuery from(FieldRequest request) {
    GraphModifiers m =
        new GraphModifiers(request, Set.of("phone_numbers", "product_types", "country_codes"));
    return new GraphAnalyticsQuery(
        m.window(Granularity.GRAPH), m.phoneNumbers(), m.productTypes(), m.countryCodes());
  }

  @Override
  public String field() {
    return FIELD;
  }
}
