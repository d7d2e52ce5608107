package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.analytics.FieldRequest.Argument;
import io.clicktrail.analytics.FieldRequest.ArrayArg;
import io.clicktrail.analytics.FieldRequest.Element;
import io.clicktrail.analytics.FieldRequest.IntegerArg;
import io.clicktrail.analytics.FieldRequest.IntegerElement;
import io.clicktrail.analytics.FieldRequest.Modifier;
import io.clicktrail.analytics.FieldRequest.StringElement;
import io.clicktrail.analytics.FieldRequest.WordArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Any combination of known field and modifier names with arbitrary arguments either validates or
 * fails with {@link FieldExpansionException}; a validated window always cuts into buckets.
 */
class GraphFieldQueryProperties {
  private static final List<String> MODIFIERS =
      List.of(
          "start",
          "end",
          "granularity",
          "phone_numbers",
          "product_types",
          "country_codes",
          "metric_types",
          "conversation_categories",
          "conversation_types",
          "conversation_directions",
          "dimensions",
          "pricing_types",
          "pricing_categories",
          "limit");
  private static final Map<String, List<String>> OPTIONAL =
      Map.of(
          "analytics",
          List.of("phone_numbers", "product_types", "country_codes"),
          "conversation_analytics",
          List.of(
              "phone_numbers",
              "country_codes",
              "metric_types",
              "conversation_categories",
              "conversation_types",
              "conversation_directions",
              "dimensions"),
          "pricing_analytics",
          List.of(
              "phone_numbers",
              "country_codes",
              "metric_types",
              "pricing_types",
              "pricing_categories",
              "dimensions"));
  private static final List<String> WORDS =
      List.of(
          "DAY",
          "daily",
          "MONTH",
          "MONTHLY",
          "HALF_HOUR",
          "WEEK",
          "US",
          "br",
          "USA",
          "COUNTRY,PHONE",
          "AUTHENTICATION_INTERATIONAL",
          "cost",
          "VOLUME",
          "CONVERSATION",
          "REGULAR",
          "FREE_TIER",
          "USER_INITIATED",
          "PRICING_TYPE",
          "",
          " ",
          ",",
          "0",
          "2",
          "16505550111");

  @Property(tries = 3000)
  void anyKnownModifiers_validateOrFailCleanly(@ForAll("requests") FieldRequest request) {
    try {
      GraphFieldQuery q = GraphFieldQuery.of(request);
      Statistics.collect("valid");
      if (q instanceof GraphAnalyticsQuery a) {
        assertThat(a.window().buckets().size()).isBetween(1, Buckets.MAX);
      }
    } catch (FieldExpansionException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<FieldRequest> requests() {
    Arbitrary<Long> start = Arbitraries.longs().between(1_600_000_000L, 1_700_000_000L);
    Arbitrary<Long> length = Arbitraries.longs().between(-100, 90_000_000L);
    Arbitrary<String> granularity =
        Arbitraries.of("DAY", "daily", "MONTH", "MONTHLY", "HALF_HOUR", "WEEK");
    Arbitrary<List<Modifier>> window =
        Combinators.combine(start, length, granularity)
            .as(
                (s, l, g) ->
                    List.of(
                        new Modifier("start", new IntegerArg(s)),
                        new Modifier("end", new IntegerArg(s + l)),
                        new Modifier("granularity", new WordArg(g))));
    Arbitrary<String> field =
        Arbitraries.frequency(
            Tuple.of(4, "analytics"),
            Tuple.of(4, "conversation_analytics"),
            Tuple.of(4, "pricing_analytics"),
            Tuple.of(1, "id"),
            Tuple.of(1, "name"),
            Tuple.of(1, "bogus"));
    return field.flatMap(
        f -> {
          Arbitrary<String> names =
              Arbitraries.frequencyOf(
                  Tuple.of(20, Arbitraries.of(OPTIONAL.getOrDefault(f, List.of("limit")))),
                  Tuple.of(1, Arbitraries.of(MODIFIERS)));
          Arbitrary<List<Modifier>> optional =
              Combinators.combine(names, arguments())
                  .as(Modifier::new)
                  .list()
                  .ofMaxSize(3)
                  .uniqueElements(Modifier::name);
          return Combinators.combine(window.injectNull(0.1), optional)
              .as(
                  (w, o) -> {
                    List<Modifier> all = new ArrayList<>(w == null ? List.of() : w);
                    o.stream()
                        .filter(m -> all.stream().noneMatch(x -> x.name().equals(m.name())))
                        .forEach(all::add);
                    return new FieldRequest(f, all);
                  });
        });
  }

  private static Arbitrary<Argument> arguments() {
    Arbitrary<Long> times =
        Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(-10, Buckets.MAX_UNIX_SECONDS + 10),
            Arbitraries.longs().between(1_600_000_000L, 1_700_000_000L));
    Arbitrary<Element> element =
        Arbitraries.oneOf(
            Arbitraries.of(WORDS).map(StringElement::new),
            times.map(IntegerElement::new),
            Arbitraries.of(0L, 1L, 2L).map(IntegerElement::new));
    return Arbitraries.oneOf(
        times.map(IntegerArg::new),
        Arbitraries.of(WORDS).filter(w -> w.matches("[A-Za-z_]\\w*")).map(WordArg::new),
        element.list().ofMaxSize(4).map(ArrayArg::new));
  }
}
