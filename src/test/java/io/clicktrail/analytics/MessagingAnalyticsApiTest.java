package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code analytics} field against numbers computed here, independently, from a generated
 * dataset: registered and observed messages over a week, two phone numbers, three countries,
 * template and non-template messages, statuses shuffled and delivered twice, {@code delivered}
 * missing where {@code read} came.
 */
class MessagingAnalyticsApiTest {
  private static final String ACME = "102290129340398";
  private static final String P1 = "106540352242922";
  private static final String P2 = "106540352242923";
  private static final Map<String, String> DISPLAY = Map.of(P1, "15550783881", P2, "15550783882");
  private static final long DAY0 = 1717372800L; // 2024-06-03T00:00:00Z
  private static final String[][] RECIPIENTS = {
    {"1650555", "US"}, {"551198765", "BR"}, {"4477009", "GB"}
  };

  /** One message as this test expects it to be counted. */
  private record Expected(
      String id, String phone, String country, int productType, long sent, Long delivered) {}

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  final List<Expected> expected = new ArrayList<>();

  @BeforeEach
  void seed() throws Exception {
    server = TestServer.start(dir);
    acme = server.createAccount(ACME, "Acme");
    server.phoneNumber(acme, P1, DISPLAY.get(P1));
    server.phoneNumber(acme, P2, DISPLAY.get(P2));
    assertThat(server.putTemplate(acme, "tpl_spring", Fixtures.SPRING_SALE).status())
        .isEqualTo(200);
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String phone = i % 2 == 0 ? P1 : P2;
      String[] to = RECIPIENTS[i % 3];
      String recipient = to[0] + String.format("%04d", 1000 + i);
      long sent = DAY0 + i * 4L * 3600 + 17;
      boolean template = i % 4 == 0;
      Map<String, Object> body = new HashMap<>();
      body.put("message_id", "wamid.A" + i);
      body.put("phone_number_id", phone);
      body.put("recipient", recipient);
      body.put("sent_at", sent);
      body.put("text", "hello");
      if (template) {
        body.put("template_id", "tpl_spring");
      }
      server.registerMessage(acme, body);
      Long delivered = null;
      if (i % 5 != 4) {
        delivered = sent + 600;
        statuses.add(status("wamid.A" + i, "delivered", delivered, recipient));
      }
      if (i % 3 == 0) {
        long read = sent + 300; // read before the delivered status: delivered moves to it
        statuses.add(status("wamid.A" + i, "read", read, recipient));
        delivered = delivered == null ? read : Math.min(delivered, read);
      }
      statuses.add(status("wamid.A" + i, "sent", sent, recipient));
      expected.add(new Expected("wamid.A" + i, phone, to[1], template ? 0 : 2, sent, delivered));
    }
    for (int j = 0; j < 6; j++) { // messages known only from their statuses
      String recipient = "1650555" + (2000 + j);
      long sent = DAY0 + j * 86400L + 5000;
      statuses.add(status("wamid.O" + j, "sent", sent, recipient));
      statuses.add(status("wamid.O" + j, "delivered", sent + 60, recipient));
      expected.add(new Expected("wamid.O" + j, P1, "US", 2, sent, sent + 60));
    }
    Collections.shuffle(statuses, new Random(7));
    for (int copy = 0; copy < 2; copy++) {
      for (int from = 0; from < statuses.size(); from += 25) {
        ingest(statuses.subList(from, Math.min(statuses.size(), from + 25)));
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                analytics(DAY0, DAY0 + 30 * 86400L, "DAY", "").at("/analytics/data_points").size()
                        > 0
                    && total("sent", DAY0, DAY0 + 30 * 86400L) == expected.size()
                    && total("delivered", DAY0, DAY0 + 30 * 86400L)
                        == expected.stream().filter(e -> e.delivered() != null).count());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String status(String id, String status, long at, String recipient) {
    return "{\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"timestamp\":\""
        + at
        + "\",\"recipient_id\":\""
        + recipient
        + "\"}";
  }

  private void ingest(List<String> statuses) throws Exception {
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\""
                + ACME
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
                + P1
                + "\"},\"statuses\":["
                + String.join(",", statuses)
                + "]},\"field\":\"messages\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    TestServer.Response r = server.postWhatsAppWebhook(acme, body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private JsonNode analytics(long start, long end, String granularity, String modifiers) {
    String fields =
        "analytics.start("
            + start
            + ").end("
            + end
            + ").granularity("
            + granularity
            + ")"
            + modifiers;
    TestServer.Response r =
        server.get(
            "/v21.0/"
                + ACME
                + "?fields="
                + java.net.URLEncoder.encode(fields, StandardCharsets.UTF_8),
            acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private long total(String metric, long start, long end) {
    long sum = 0;
    for (JsonNode p : analytics(start, end, "DAY", "").at("/analytics/data_points")) {
      sum += p.get(metric).asLong();
    }
    return sum;
  }

  /** The data points this test expects, for fixed-width buckets. */
  private List<Map<String, Long>> expectedPoints(
      long start, long end, long step, Predicate<Expected> filter) {
    List<Map<String, Long>> points = new ArrayList<>();
    for (long s = start; s < end; s += step) {
      long e = Math.min(end, s + step);
      long from = s;
      long sent =
          expected.stream().filter(filter).filter(m -> m.sent() >= from && m.sent() < e).count();
      long delivered =
          expected.stream()
              .filter(filter)
              .filter(m -> m.delivered() != null && m.delivered() >= from && m.delivered() < e)
              .count();
      points.add(Map.of("start", s, "end", e, "sent", sent, "delivered", delivered));
    }
    return points;
  }

  private static List<Map<String, Long>> points(JsonNode response) {
    List<Map<String, Long>> out = new ArrayList<>();
    for (JsonNode p : response.at("/analytics/data_points")) {
      out.add(
          Map.of(
              "start", p.get("start").asLong(),
              "end", p.get("end").asLong(),
              "sent", p.get("sent").asLong(),
              "delivered", p.get("delivered").asLong()));
    }
    return out;
  }

  @Test
  void day_everyBucketMatchesTheDataset_zerosIncluded() {
    long end = DAY0 + 10 * 86400L;
    JsonNode r = analytics(DAY0, end, "DAY", "");
    assertThat(points(r)).isEqualTo(expectedPoints(DAY0, end, 86400, m -> true));
    assertThat(r.get("id").asText()).isEqualTo(ACME);
    assertThat(r.at("/analytics/granularity").asText()).isEqualTo("DAY");
    assertThat(r.at("/analytics/phone_numbers"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("15550783881", "15550783882");
    assertThat(r.at("/analytics/country_codes"))
        .extracting(JsonNode::asText)
        .containsExactly("BR", "GB", "US");
  }

  @Test
  void halfHour_overTheFirstDay_matches() {
    long end = DAY0 + 86400L;
    assertThat(points(analytics(DAY0, end, "HALF_HOUR", "")))
        .isEqualTo(expectedPoints(DAY0, end, 1800, m -> true));
  }

  @Test
  void month_oneBucketCutAtEnd_matches() {
    long end = DAY0 + 20 * 86400L;
    List<Map<String, Long>> points = points(analytics(DAY0, end, "MONTH", ""));
    assertThat(points).isEqualTo(expectedPoints(DAY0, end, end - DAY0, m -> true));
  }

  @Test
  void filters_phoneCountryAndProductType_narrowTheCounts() {
    long end = DAY0 + 8 * 86400L;
    assertThat(points(analytics(DAY0, end, "DAY", ".phone_numbers([\"15550783882\"])")))
        .isEqualTo(expectedPoints(DAY0, end, 86400, m -> m.phone().equals(P2)));
    assertThat(points(analytics(DAY0, end, "DAY", ".country_codes([\"BR\"])")))
        .isEqualTo(expectedPoints(DAY0, end, 86400, m -> m.country().equals("BR")));
    assertThat(points(analytics(DAY0, end, "DAY", ".product_types([0])")))
        .isEqualTo(expectedPoints(DAY0, end, 86400, m -> m.productType() == 0));
    assertThat(points(analytics(DAY0, end, "DAY", ".product_types([]).country_codes([])")))
        .isEqualTo(expectedPoints(DAY0, end, 86400, m -> true));
  }

  @Test
  void otherAccountsWaba_isForbidden_andBadExpressions_are400() {
    TestServer.Account other = server.createAccount("555000111222333", "Other");
    TestServer.assertGraphError(
        server.get(
            "/" + ACME + "?fields=analytics.start(1).end(2).granularity(DAY)", other.token()),
        403,
        200,
        "");
    TestServer.assertGraphError(
        server.get(
            "/" + ACME + "?fields=analytics.start(10).end(5).granularity(DAY)", acme.token()),
        400,
        100,
        "end 5 must be after start 10");
    TestServer.assertGraphError(
        server.get("/" + ACME + "?fields=analytics.start(1).end(2)", acme.token()),
        400,
        100,
        "granularity");
  }
}
