package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.analytics.GraphConversationQuery.Category;
import io.clicktrail.analytics.GraphConversationQuery.Dimension;
import io.clicktrail.analytics.GraphConversationQuery.Direction;
import io.clicktrail.analytics.GraphConversationQuery.MetricType;
import io.clicktrail.analytics.GraphFieldQuery.Plain;
import io.clicktrail.analytics.GraphFieldQuery.Window;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphFieldQueryTest {

  private static final String WINDOW = ".start(1543543200).end(1544148000)";

  @Test
  void seedAnalytics_givesAWindowAndNoFilters() {
    assertThat(GraphFieldQuery.parse("analytics" + WINDOW + ".granularity(DAY)"))
        .containsExactly(
            new GraphAnalyticsQuery(
                new Window(1543543200, 1544148000, Granularity.DAY),
                List.of(),
                List.of(),
                List.of()));
  }

  @Test
  void analyticsFilters_areTypedDedupedAndKeptInOrder() {
    GraphAnalyticsQuery q =
        (GraphAnalyticsQuery)
            GraphFieldQuery.parse(
                    "analytics"
                        + WINDOW
                        + ".granularity(half_hour)"
                        + ".phone_numbers([\"16505550112\", 16505550111, \"16505550112\"])"
                        + ".product_types([2, 0, 2])"
                        + ".country_codes([\"us\",\"BR\",\"US\"])")
                .get(0);

    assertThat(q.window().granularity()).isEqualTo(Granularity.HALF_HOUR);
    assertThat(q.phoneNumbers()).containsExactly("16505550112", "16505550111");
    assertThat(q.productTypes()).containsExactly(2, 0);
    assertThat(q.countryCodes()).containsExactly("US", "BR");
    assertThat(q.field()).isEqualTo("analytics");
  }

  @Test
  void seedMonthlyConversations_readsDimensions() {
    GraphConversationQuery q =
        (GraphConversationQuery)
            GraphFieldQuery.parse(
                    "conversation_analytics.start(1685602800).end(1688194800)"
                        + ".granularity(MONTHLY).phone_numbers([])"
                        + ".dimensions([\"CONVERSATION_CATEGORY\",\"CONVERSATION_TYPE\",\"COUNTRY\",\"PHONE\"])")
                .get(0);

    assertThat(q.window()).isEqualTo(new Window(1685602800, 1688194800, Granularity.MONTH));
    assertThat(q.phoneNumbers()).isEmpty();
    assertThat(q.dimensions())
        .containsExactlyInAnyOrder(
            Dimension.CONVERSATION_CATEGORY,
            Dimension.CONVERSATION_TYPE,
            Dimension.COUNTRY,
            Dimension.PHONE);
    assertThat(q.metricTypes()).isEmpty();
  }

  @Test
  void seedHalfHourConversations_splitsACommaJoinedDimension() {
    GraphConversationQuery q =
        (GraphConversationQuery)
            GraphFieldQuery.parse(
                    "conversation_analytics.start(1685602800).end(1685689200)"
                        + ".granularity(HALF_HOUR).phone_numbers([\"19195552584\"])"
                        + ".dimensions([\"CONVERSATION_CATEGORY\",\"CONVERSATION_TYPE\",\"COUNTRY,PHONE\"])")
                .get(0);

    assertThat(q.phoneNumbers()).containsExactly("19195552584");
    assertThat(q.dimensions())
        .containsExactlyInAnyOrder(
            Dimension.CONVERSATION_CATEGORY,
            Dimension.CONVERSATION_TYPE,
            Dimension.COUNTRY,
            Dimension.PHONE);
  }

  @Test
  void conversationFilters_matchEnumWordsIgnoringCase() {
    GraphConversationQuery q =
        (GraphConversationQuery)
            GraphFieldQuery.parse(
                    "conversation_analytics"
                        + WINDOW
                        + ".granularity(daily)"
                        + ".metric_types([\"cost\",\"Conversation\"])"
                        + ".conversation_categories([\"MARKETING\",\"authentication\"])"
                        + ".conversation_types([\"free_entry\"])"
                        + ".conversation_directions(USER_INITIATED)"
                        + ".country_codes([\"br\"])")
                .get(0);

    assertThat(q.window().granularity()).isEqualTo(Granularity.DAY);
    assertThat(q.metricTypes()).containsExactlyInAnyOrder(MetricType.COST, MetricType.CONVERSATION);
    assertThat(q.conversationCategories())
        .containsExactlyInAnyOrder(Category.MARKETING, Category.AUTHENTICATION);
    assertThat(q.conversationTypes()).containsExactly(GraphConversationQuery.Type.FREE_ENTRY);
    assertThat(q.conversationDirections()).containsExactly(Direction.USER_INITIATED);
    assertThat(q.countryCodes()).containsExactly("BR");
  }

  @Test
  void seedPricing_readsEveryFilter() {
    GraphPricingQuery q =
        (GraphPricingQuery)
            GraphFieldQuery.parse(
                    "pricing_analytics.start(1726014453).end(1728581152).granularity(DAY)"
                        + ".phone_numbers([\"15550783881\",\"15550783882\",\"15550783883\"])"
                        + ".country_codes([\"US\",\"BR\"])"
                        + ".metric_types([\"COST\",\"VOLUME\"])"
                        + ".pricing_types([\"REGULAR\",\"FREE_CUSTOMER_SERVICE\"])"
                        + ".pricing_categories([\"AUTHENTICATION\",\"MARKETING\",\"UTILITY\"])"
                        + ".dimensions([\"PRICING_CATEGORY\",\"PRICING_TYPE\",\"COUNTRY\"])")
                .get(0);

    assertThat(q.window()).isEqualTo(new Window(1726014453, 1728581152, Granularity.DAY));
    assertThat(q.phoneNumbers()).containsExactly("15550783881", "15550783882", "15550783883");
    assertThat(q.countryCodes()).containsExactly("US", "BR");
    assertThat(q.metricTypes())
        .containsExactlyInAnyOrder(
            GraphPricingQuery.MetricType.COST, GraphPricingQuery.MetricType.VOLUME);
    assertThat(q.pricingTypes())
        .containsExactlyInAnyOrder(
            GraphPricingQuery.PricingType.REGULAR,
            GraphPricingQuery.PricingType.FREE_CUSTOMER_SERVICE);
    assertThat(q.pricingCategories())
        .containsExactlyInAnyOrder(
            GraphPricingQuery.Category.AUTHENTICATION,
            GraphPricingQuery.Category.MARKETING,
            GraphPricingQuery.Category.UTILITY);
    assertThat(q.dimensions())
        .containsExactlyInAnyOrder(
            GraphPricingQuery.Dimension.PRICING_CATEGORY,
            GraphPricingQuery.Dimension.PRICING_TYPE,
            GraphPricingQuery.Dimension.COUNTRY);
  }

  @Test
  void pricingCategoryMisspelledAsInMetaDocs_isReadAsAuthenticationInternational() {
    GraphPricingQuery q =
        (GraphPricingQuery)
            GraphFieldQuery.parse(
                    "pricing_analytics"
                        + WINDOW
                        + ".granularity(MONTH)"
                        + ".pricing_categories([\"AUTHENTICATION_INTERATIONAL\",\"authentication_international\"])")
                .get(0);

    assertThat(q.pricingCategories())
        .containsExactly(GraphPricingQuery.Category.AUTHENTICATION_INTERNATIONAL);
  }

  @Test
  void severalFields_keepTheirOrderAlongsidePlainOnes() {
    List<GraphFieldQuery> queries =
        GraphFieldQuery.parse(
            "id,analytics"
                + WINDOW
                + ".granularity(DAY),name,pricing_analytics"
                + WINDOW
                + ".granularity(DAY)");

    assertThat(queries)
        .extracting(GraphFieldQuery::field)
        .containsExactly("id", "analytics", "name", "pricing_analytics");
    assertThat(queries.get(0)).isEqualTo(new Plain("id"));
  }

  @Test
  void window_buildsItsBuckets() {
    assertThat(new Window(1543543200, 1544148000, Granularity.DAY).buckets().size()).isEqualTo(7);
  }

  @Test
  void enumSetsAreImmutableCopies() {
    GraphConversationQuery q =
        (GraphConversationQuery)
            GraphFieldQuery.parse("conversation_analytics" + WINDOW + ".granularity(DAILY)").get(0);
    assertThat(q.dimensions()).isEqualTo(Set.of());
    assertThatThrownBy(() -> q.dimensions().add(Dimension.PHONE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "bogus| unknown field 'bogus'",
        "template_analytics| unknown field 'template_analytics'",
        "analytics.foo(1).start(1).end(2).granularity(DAY)| unknown modifier 'foo' for field 'analytics'",
        "analytics.start(1).end(2).granularity(DAY).dimensions([])| unknown modifier 'dimensions' for field 'analytics'",
        "pricing_analytics.start(1).end(2).granularity(DAY).conversation_types([])| unknown modifier 'conversation_types' for field 'pricing_analytics'",
        "id.limit(5)| unknown modifier 'limit' for field 'id'",
        "analytics.end(2).granularity(DAY)| missing modifier 'start' for field 'analytics'",
        "analytics.start(1).granularity(DAY)| missing modifier 'end' for field 'analytics'",
        "conversation_analytics.start(1).end(2)| missing modifier 'granularity' for field 'conversation_analytics'",
        "analytics.start(10).end(5).granularity(DAY)| end 5 must be after start 10",
        "analytics.start(10).end(10).granularity(DAY)| end 10 must be after start 10",
        "analytics.start(-5).end(10).granularity(DAY)| start -5 must be unix seconds from 0 to 253402300799",
        "analytics.start(0).end(999999999999).granularity(DAY)| end 999999999999 must be unix seconds from 0 to 253402300799",
        "analytics.start(DAY).end(2).granularity(DAY)| start DAY is not a number",
        "analytics.start([1]).end(2).granularity(DAY)| start [1] is not a number",
        "analytics.start(99999999999999999999).end(2).granularity(DAY)| start 99999999999999999999 is not a number",
        "analytics.start(1).end(2).granularity(WEEK)| granularity 'WEEK' must be one of HALF_HOUR, DAY, MONTH",
        "analytics.start(1).end(2).granularity(DAILY)| granularity 'DAILY' must be one of HALF_HOUR, DAY, MONTH",
        "conversation_analytics.start(1).end(2).granularity(DAY)| granularity 'DAY' must be one of HALF_HOUR, DAILY, MONTHLY",
        "analytics.start(1).end(2).granularity(1)| granularity '1' must be one of HALF_HOUR, DAY, MONTH",
        "analytics.start(0).end(1000000000).granularity(HALF_HOUR)| too many buckets (555556) for granularity HALF_HOUR; narrow start..end to at most 100000 buckets",
        "analytics.start(1).end(2).granularity(DAY).product_types([1])| product_types value 1 must be 0 or 2",
        "analytics.start(1).end(2).granularity(DAY).product_types([\"x\"])| product_types value \"x\" must be 0 or 2",
        "analytics.start(1).end(2).granularity(DAY).country_codes([\"USA\"])| country_codes value \"USA\" must be a 2-letter country code",
        "analytics.start(1).end(2).granularity(DAY).country_codes([1])| country_codes value 1 must be a 2-letter country code",
        "analytics.start(1).end(2).granularity(DAY).phone_numbers([\" \"])| phone_numbers value \" \" must be a phone number",
        "conversation_analytics.start(1).end(2).granularity(DAILY).dimensions([\"WEEKDAY\"])| dimensions value 'WEEKDAY' must be one of CONVERSATION_CATEGORY, CONVERSATION_DIRECTION, CONVERSATION_TYPE, COUNTRY, PHONE",
        "conversation_analytics.start(1).end(2).granularity(DAILY).metric_types([\"VOLUME\"])| metric_types value 'VOLUME' must be one of COST, CONVERSATION",
        "conversation_analytics.start(1).end(2).granularity(DAILY).conversation_types([3])| conversation_types value 3 must be one of FREE_ENTRY, FREE_TIER, REGULAR",
        "conversation_analytics.start(1).end(2).granularity(DAILY).conversation_directions([\"A,,B\"])| conversation_directions value 'A' must be one of BUSINESS_INITIATED, USER_INITIATED",
        "pricing_analytics.start(1).end(2).granularity(DAY).pricing_types([\"FREE_TIER\"])| pricing_types value 'FREE_TIER' must be one of REGULAR, FREE_CUSTOMER_SERVICE, FREE_ENTRY_POINT",
        "pricing_analytics.start(1).end(2).granularity(DAY).pricing_categories([\"\"])| pricing_categories value '' must be one of AUTHENTICATION, AUTHENTICATION_INTERNATIONAL, MARKETING, SERVICE, UTILITY",
        "analytics.start(1)x| trailing garbage 'x' at position 18 after field 'analytics'",
      })
  void invalidField_failsNamingTheProblem(String fields, String message) {
    assertThatThrownBy(() -> GraphFieldQuery.parse(fields))
        .isExactlyInstanceOf(FieldExpansionException.class)
        .hasMessage(message.strip());
  }
}
