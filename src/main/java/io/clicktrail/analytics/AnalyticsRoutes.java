package io.clicktrail.analytics;

import io.clicktrail.catalog.Catalog;
import io.clicktrail.catalog.PhoneNumber;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /{waba_id}?fields=…} (optionally under a Graph version prefix): the analytics fields
 * of §8, answered from the rollups.
 */
public final class AnalyticsRoutes {
  private final Catalog catalog;
  private final MessagingAnalytics messaging;
  private final BillingAnalytics billing;
  private final Function<String, Optional<String>> accountName;

  private AnalyticsRoutes(
      Catalog catalog,
      MessagingAnalytics messaging,
      BillingAnalytics billing,
      Function<String, Optional<String>> accountName) {
    this.catalog = catalog;
    this.messaging = messaging;
    this.billing = billing;
    this.accountName = accountName;
  }

  /**
   * Registers the routes.
   *
   * @param accountName an account's name by id (the {@code name} field)
   */
  public static void register(
      Router router,
      Catalog catalog,
      MessagingAnalytics messaging,
      BillingAnalytics billing,
      Function<String, Optional<String>> accountName) {
    AnalyticsRoutes routes = new AnalyticsRoutes(catalog, messaging, billing, accountName);
    router.graph("GET", "/{waba_id}", routes::fields);
  }

  private ApiResponse fields(ApiRequest req) {
    String waba = req.path("waba_id");
    if (!waba.chars().allMatch(Character::isDigit)) {
      return null; // not an account id: another route's path (or a 404)
    }
    String account = req.account();
    if (!account.equals(waba)) {
      throw ApiException.forbidden(
          "waba " + Params.clip(waba) + " does not belong to this token's account");
    }
    List<GraphFieldQuery> queries;
    try {
      queries = GraphFieldQuery.parse(req.query("fields").orElse("id"));
    } catch (FieldExpansionException e) {
      throw ApiException.invalid(e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (GraphFieldQuery query : queries) {
      switch (query) {
        case GraphAnalyticsQuery q -> out.put(q.field(), analytics(account, q));
        case GraphConversationQuery q ->
            out.put(q.field(), billing.conversations(account, q, displayById(account)));
        case GraphPricingQuery q ->
            out.put(q.field(), billing.pricing(account, q, displayById(account)));
        case GraphFieldQuery.Plain p -> {
          if (p.field().equals("name")) {
            out.put("name", accountName.apply(account).orElse(account));
          }
        }
        default ->
            throw ApiException.invalid(
                "field '" + query.field() + "' is not available in this version");
      }
    }
    out.put("id", waba);
    return ApiResponse.ok(out);
  }

  private Map<String, String> displayById(String account) {
    Map<String, String> out = new LinkedHashMap<>();
    catalog.phoneNumbers(account).forEach(n -> out.put(n.id(), n.displayPhoneNumber()));
    return out;
  }

  private Map<String, Object> analytics(String account, GraphAnalyticsQuery q) {
    List<PhoneNumber> numbers = catalog.phoneNumbers(account);
    List<String> phoneIds = new ArrayList<>();
    for (String display : q.phoneNumbers()) {
      String digits = display.replace("+", "");
      numbers.stream()
          .filter(n -> n.displayPhoneNumber().equals(digits))
          .forEach(n -> phoneIds.add(n.id()));
    }
    List<Bucket> buckets = q.window().buckets().list();
    // numbers asked for that are not the account's count zero (as in Graph, not an error)
    MessagingAnalytics.Result result =
        !q.phoneNumbers().isEmpty() && phoneIds.isEmpty()
            ? MessagingAnalytics.zeros(buckets)
            : messaging.query(
                account,
                buckets,
                new MessagingAnalytics.Filter(phoneIds, q.productTypes(), q.countryCodes()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "phone_numbers",
        q.phoneNumbers().isEmpty()
            ? numbers.stream().map(PhoneNumber::displayPhoneNumber).toList()
            : q.phoneNumbers());
    body.put(
        "country_codes",
        q.countryCodes().isEmpty() ? List.copyOf(result.countries()) : q.countryCodes());
    body.put("granularity", q.window().granularity().name());
    body.put("data_points", result.points());
    return body;
  }
}
