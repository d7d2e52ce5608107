package io.clicktrail.analytics;

import static io.clicktrail.analytics.BillingDataset.ACME;
import static io.clicktrail.analytics.BillingDataset.DAY0;
import static io.clicktrail.analytics.BillingDataset.DISPLAY;
import static io.clicktrail.analytics.BillingDataset.P2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.analytics.BillingDataset.Priced;
import io.clicktrail.testing.TestServer;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pricing_analytics} field against numbers computed here, independently, from the
 * statuses of {@link BillingDataset}, costs from the sample rate card read as CSV.
 */
class PricingAnalyticsApiTest {
  private static final long END = DAY0 + 7 * 86400L;
  private static final List<String> ALL_DIMENSIONS =
      List.of("PHONE", "COUNTRY", "PRICING_TYPE", "PRICING_CATEGORY");

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  BillingDataset data;

  @BeforeEach
  void seed() throws Exception {
    server = TestServer.start(dir);
    acme = server.createAccount(ACME, "Acme");
    server.phoneNumber(acme, BillingDataset.P1, DISPLAY.get(BillingDataset.P1));
    server.phoneNumber(acme, P2, DISPLAY.get(P2));
    data = new BillingDataset();
    data.ingest(server, acme);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(points(DAY0, END, "HALF_HOUR", dims(ALL_DIMENSIONS)))
                    .isEqualTo(expected(DAY0, END, 1800, m -> true, ALL_DIMENSIONS, true, true)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String dims(List<String> dimensions) {
    return ".dimensions(["
        + String.join(",", dimensions.stream().map(d -> "\"" + d + "\"").toList())
        + "])";
  }

  private TestServer.Response get(long start, long end, String granularity, String modifiers) {
    String fields =
        "pricing_analytics.start("
            + start
            + ").end("
            + end
            + ").granularity("
            + granularity
            + ")"
            + modifiers;
    return server.get(
        "/v21.0/" + ACME + "?fields=" + URLEncoder.encode(fields, StandardCharsets.UTF_8),
        acme.token());
  }

  private List<Map<String, String>> points(
      long start, long end, String granularity, String modifiers) {
    TestServer.Response r = get(start, end, granularity, modifiers);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("id").asText()).isEqualTo(ACME);
    return BillingDataset.points(json.get("pricing_analytics"));
  }

  private static Function<Priced, String> member(String dimension) {
    return switch (dimension) {
      case "PHONE" -> m -> DISPLAY.get(m.phone());
      case "COUNTRY" -> Priced::country;
      case "PRICING_TYPE" -> Priced::type;
      case "PRICING_CATEGORY" -> Priced::category;
      default -> throw new AssertionError(dimension);
    };
  }

  private List<Map<String, String>> expected(
      long start,
      long end,
      long step,
      Predicate<Priced> filter,
      List<String> dimensions,
      boolean volume,
      boolean cost) {
    Map<String, Function<Priced, String>> members = new LinkedHashMap<>();
    for (String d : ALL_DIMENSIONS) { // response order
      if (dimensions.contains(d)) {
        members.put(d.equals("PHONE") ? "phone_number" : d.toLowerCase(Locale.ROOT), member(d));
      }
    }
    return BillingDataset.expected(
        data.priced(),
        BillingDataset.buckets(start, end, step),
        filter,
        Priced::at,
        members,
        m -> m.type().equals("REGULAR") ? data.price(m.country(), m.category()) : BigDecimal.ZERO,
        "volume",
        volume,
        cost);
  }

  @Test
  void dataset_coversEveryTypeAndCategory() {
    List<Priced> all = data.priced();
    assertThat(all)
        .extracting(Priced::type)
        .contains("REGULAR", "FREE_CUSTOMER_SERVICE", "FREE_ENTRY_POINT");
    assertThat(all)
        .extracting(Priced::category)
        .contains(
            "AUTHENTICATION", "AUTHENTICATION_INTERNATIONAL", "MARKETING", "SERVICE", "UTILITY");
  }

  @Test
  void day_noDimensions_andEachDimension_match() {
    assertThat(points(DAY0, END, "DAY", ""))
        .isEqualTo(expected(DAY0, END, 86400, m -> true, List.of(), true, true));
    for (String d : ALL_DIMENSIONS) {
      assertThat(points(DAY0, END, "DAY", dims(List.of(d))))
          .as(d)
          .isEqualTo(expected(DAY0, END, 86400, m -> true, List.of(d), true, true));
    }
  }

  @Test
  void halfHour_eachDimensionAlone_matches() {
    long end = DAY0 + 2 * 86400L;
    for (String d : ALL_DIMENSIONS) {
      assertThat(points(DAY0, end, "HALF_HOUR", dims(List.of(d))))
          .as(d)
          .isEqualTo(expected(DAY0, end, 1800, m -> true, List.of(d), true, true));
    }
  }

  @Test
  void month_oneBucketCutAtEnd_matches() {
    long end = DAY0 + 20 * 86400L;
    assertThat(points(DAY0, end, "MONTH", dims(ALL_DIMENSIONS)))
        .isEqualTo(expected(DAY0, end, end - DAY0, m -> true, ALL_DIMENSIONS, true, true));
    assertThat(points(DAY0, end, "MONTH", ""))
        .isEqualTo(expected(DAY0, end, end - DAY0, m -> true, List.of(), true, true));
  }

  @Test
  void filters_narrowTheCounts() {
    List<String> d = List.of("PRICING_TYPE", "PRICING_CATEGORY");
    assertThat(points(DAY0, END, "DAY", ".phone_numbers([\"+15550783882\"])" + dims(d)))
        .isEqualTo(expected(DAY0, END, 86400, m -> m.phone().equals(P2), d, true, true));
    assertThat(points(DAY0, END, "DAY", ".country_codes([\"US\"])" + dims(d)))
        .isEqualTo(expected(DAY0, END, 86400, m -> m.country().equals("US"), d, true, true));
    assertThat(points(DAY0, END, "DAY", ".pricing_types([\"REGULAR\"])" + dims(d)))
        .isEqualTo(expected(DAY0, END, 86400, m -> m.type().equals("REGULAR"), d, true, true));
    assertThat(
            points(
                DAY0,
                END,
                "DAY",
                ".pricing_categories([\"AUTHENTICATION_INTERATIONAL\",\"MARKETING\"])"))
        .isEqualTo(
            expected(
                DAY0,
                END,
                86400,
                m ->
                    m.category().equals("AUTHENTICATION_INTERNATIONAL")
                        || m.category().equals("MARKETING"),
                List.of(),
                true,
                true));
    assertThat(points(DAY0, END, "DAY", ".phone_numbers([\"19999999999\"])")).isEmpty();
  }

  @Test
  void metricTypes_chooseTheMembers() {
    assertThat(points(DAY0, END, "DAY", ".metric_types([\"COST\"])"))
        .isEqualTo(expected(DAY0, END, 86400, m -> true, List.of(), false, true));
    assertThat(points(DAY0, END, "DAY", ".metric_types([\"VOLUME\"])"))
        .isEqualTo(expected(DAY0, END, 86400, m -> true, List.of(), true, false));
  }

  @Test
  void badRequests_are400() {
    TestServer.assertGraphError(get(DAY0, END, "DAILY", ""), 400, 100, "granularity");
    TestServer.assertGraphError(
        get(DAY0, END, "DAY", ".pricing_types([\"FREE_TIER\"])"), 400, 100, "FREE_TIER");
    TestServer.assertGraphError(
        get(DAY0, END, "DAY", ".dimensions([\"CONVERSATION_TYPE\"])"),
        400,
        100,
        "CONVERSATION_TYPE");
    TestServer.assertGraphError(get(DAY0, END, "DAY", ".bogus(1)"), 400, 100, "bogus");
  }
}
