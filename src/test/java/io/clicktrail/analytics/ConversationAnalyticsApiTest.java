package io.clicktrail.analytics;

import static io.clicktrail.analytics.BillingDataset.ACME;
import static io.clicktrail.analytics.BillingDataset.DAY0;
import static io.clicktrail.analytics.BillingDataset.DISPLAY;
import static io.clicktrail.analytics.BillingDataset.P2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.analytics.BillingDataset.Conv;
import io.clicktrail.testing.TestServer;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code conversation_analytics} field against numbers computed here, independently, from the
 * statuses of {@link BillingDataset}, costs from the sample rate card read as CSV.
 */
class ConversationAnalyticsApiTest {
  private static final long END = DAY0 + 7 * 86400L;
  private static final List<String> ALL_DIMENSIONS =
      List.of(
          "PHONE",
          "COUNTRY",
          "CONVERSATION_TYPE",
          "CONVERSATION_DIRECTION",
          "CONVERSATION_CATEGORY");

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
    // the late statuses are the last ones posted: once they are counted, everything is
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(points(DAY0, END, "HALF_HOUR", dims(ALL_DIMENSIONS)))
                    .isEqualTo(expected(DAY0, END, 1800, c -> true, ALL_DIMENSIONS, true, true)));
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
        "conversation_analytics.start("
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
    return BillingDataset.points(json.get("conversation_analytics"));
  }

  private static Function<Conv, String> member(String dimension) {
    return switch (dimension) {
      case "PHONE" -> c -> DISPLAY.get(c.phone());
      case "COUNTRY" -> Conv::country;
      case "CONVERSATION_TYPE" -> Conv::type;
      case "CONVERSATION_DIRECTION" -> Conv::direction;
      case "CONVERSATION_CATEGORY" -> Conv::category;
      default -> throw new AssertionError(dimension);
    };
  }

  private static String memberName(String dimension) {
    return dimension.equals("PHONE")
        ? "phone_number"
        : dimension.toLowerCase(java.util.Locale.ROOT);
  }

  private List<Map<String, String>> expected(
      long start,
      long end,
      long step,
      Predicate<Conv> filter,
      List<String> dimensions,
      boolean count,
      boolean cost) {
    Map<String, Function<Conv, String>> members = new LinkedHashMap<>();
    for (String d : ALL_DIMENSIONS) { // response order
      if (dimensions.contains(d)) {
        members.put(memberName(d), member(d));
      }
    }
    return BillingDataset.expected(
        data.conversations(),
        BillingDataset.buckets(start, end, step),
        filter,
        Conv::at,
        members,
        c -> c.type().equals("REGULAR") ? data.price(c.country(), c.category()) : BigDecimal.ZERO,
        "conversation",
        count,
        cost);
  }

  @Test
  void dataset_coversEveryCategoryTypeAndDirection() {
    List<Conv> all = data.conversations();
    assertThat(all).hasSize(30);
    assertThat(all).extracting(Conv::type).contains("FREE_ENTRY", "FREE_TIER", "REGULAR");
    assertThat(all)
        .extracting(Conv::category)
        .contains("AUTHENTICATION", "MARKETING", "SERVICE", "UTILITY");
    assertThat(all).extracting(Conv::country).contains("US", "BR", "ZA");
  }

  @Test
  void daily_noDimensions_oneTotalPerBucketWithConversations() {
    assertThat(points(DAY0, END, "DAILY", ""))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(), true, true));
  }

  @Test
  void halfHour_eachDimensionAlone_matches() {
    long end = DAY0 + 2 * 86400L;
    for (String d : ALL_DIMENSIONS) {
      assertThat(points(DAY0, end, "HALF_HOUR", dims(List.of(d))))
          .as(d)
          .isEqualTo(expected(DAY0, end, 1800, c -> true, List.of(d), true, true));
    }
  }

  @Test
  void daily_eachDimensionAndAll_match() {
    for (String d : ALL_DIMENSIONS) {
      assertThat(points(DAY0, END, "DAILY", dims(List.of(d))))
          .as(d)
          .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(d), true, true));
    }
    assertThat(points(DAY0, END, "DAILY", dims(ALL_DIMENSIONS)))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, ALL_DIMENSIONS, true, true));
  }

  @Test
  void monthly_oneBucketCutAtEnd_matches() {
    long end = DAY0 + 20 * 86400L;
    assertThat(points(DAY0, end, "MONTHLY", dims(ALL_DIMENSIONS)))
        .isEqualTo(expected(DAY0, end, end - DAY0, c -> true, ALL_DIMENSIONS, true, true));
    assertThat(points(DAY0, end, "MONTHLY", ""))
        .isEqualTo(expected(DAY0, end, end - DAY0, c -> true, List.of(), true, true));
  }

  @Test
  void filters_narrowTheCounts() {
    List<String> d = List.of("CONVERSATION_CATEGORY", "CONVERSATION_TYPE");
    assertThat(points(DAY0, END, "DAILY", ".phone_numbers([\"15550783882\"])" + dims(d)))
        .isEqualTo(expected(DAY0, END, 86400, c -> c.phone().equals(P2), d, true, true));
    assertThat(points(DAY0, END, "DAILY", ".country_codes([\"BR\",\"ZA\"])" + dims(d)))
        .isEqualTo(expected(DAY0, END, 86400, c -> !c.country().equals("US"), d, true, true));
    assertThat(points(DAY0, END, "DAILY", ".conversation_categories([\"MARKETING\",\"SERVICE\"])"))
        .isEqualTo(
            expected(
                DAY0,
                END,
                86400,
                c -> c.category().equals("MARKETING") || c.category().equals("SERVICE"),
                List.of(),
                true,
                true));
    assertThat(points(DAY0, END, "DAILY", ".conversation_types([\"FREE_ENTRY\",\"FREE_TIER\"])"))
        .isEqualTo(
            expected(DAY0, END, 86400, c -> !c.type().equals("REGULAR"), List.of(), true, true));
    assertThat(
            points(DAY0, END, "DAILY", ".conversation_directions([\"USER_INITIATED\"])" + dims(d)))
        .isEqualTo(
            expected(DAY0, END, 86400, c -> c.direction().equals("USER_INITIATED"), d, true, true));
    assertThat(points(DAY0, END, "DAILY", ".phone_numbers([\"19999999999\"])")).isEmpty();
    assertThat(points(DAY0, END, "DAILY", ".phone_numbers([]).conversation_types([])"))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(), true, true));
  }

  @Test
  void metricTypes_chooseTheMembers() {
    assertThat(points(DAY0, END, "DAILY", ".metric_types([\"COST\"])"))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(), false, true));
    assertThat(points(DAY0, END, "DAILY", ".metric_types([\"CONVERSATION\"])"))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(), true, false));
    assertThat(points(DAY0, END, "DAILY", ".metric_types([\"CONVERSATION\",\"COST\"])"))
        .isEqualTo(expected(DAY0, END, 86400, c -> true, List.of(), true, true));
  }

  @Test
  void badRequests_are400() {
    TestServer.assertGraphError(get(DAY0, END, "DAY", ""), 400, 100, "granularity");
    TestServer.assertGraphError(get(END, DAY0, "DAILY", ""), 400, 100, "must be after start");
    TestServer.assertGraphError(
        get(DAY0, END, "DAILY", ".dimensions([\"PRICING_TYPE\"])"), 400, 100, "PRICING_TYPE");
    TestServer.assertGraphError(
        get(DAY0, END, "DAILY", ".metric_types([\"VOLUME\"])"), 400, 100, "VOLUME");
  }
}
