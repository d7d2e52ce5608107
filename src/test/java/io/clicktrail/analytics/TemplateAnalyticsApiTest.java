package io.clicktrail.analytics;

import static io.clicktrail.analytics.TemplateAnalyticsFixtures.click;
import static io.clicktrail.analytics.TemplateAnalyticsFixtures.reply;
import static io.clicktrail.analytics.TemplateAnalyticsFixtures.sampleMarketingPrices;
import static io.clicktrail.analytics.TemplateAnalyticsFixtures.status;
import static io.clicktrail.analytics.TemplateAnalyticsFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code template_analytics} against numbers computed here, independently, from a generated
 * dataset: two templates over five days (one opted out of link tracking), statuses shuffled and
 * delivered twice with pricing, url button clicks by several recipients (human and bot, plus body
 * link clicks that must not count), quick replies delivered twice; cost from the sample rate card
 * parsed here.
 */
class TemplateAnalyticsApiTest {
  static final String ACME = "102290129340398";
  static final String PHONE = "106540352242922";
  static final String T1 = "1421988012088524";
  static final String T2 = "2632273056924580";
  static final long DAY0 = 1717372800L; // 2024-06-03T00:00:00Z
  static final long DAY = 86_400L;
  static final String T1_BODY =
      "{\"name\":\"spring_sale\",\"category\":\"MARKETING\",\"language\":\"en_US\",\"buttons\":["
          + "{\"type\":\"url\",\"text\":\"Tell me more\",\"url\":\"https://shop.example/sale\"},"
          + "{\"type\":\"quick_reply\",\"text\":\"Contact Support\"}]}";
  static final String T2_BODY =
      "{\"name\":\"summer_sale\",\"category\":\"MARKETING\",\"language\":\"en_US\",\"buttons\":["
          + "{\"type\":\"url\",\"text\":\"Shop now\",\"url\":\"https://shop.example/summer\"},"
          + "{\"type\":\"quick_reply\",\"text\":\"Stop promotions\"}]}";
  private static final String[][] RECIPIENTS = {
    {"16505551001", "US"}, {"5511987651002", "BR"}, {"447700901003", "GB"}, {"16505551004", "US"}
  };

  /**
   * A bot the curated list names, so its classification never depends on how fast the user-agent
   * analyzer answers (a cold analyzer on a loaded machine can exceed its budget: ua:unanalyzed).
   */
  private static final String BOT =
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";

  /** Expected numbers of one template on one day. */
  private static final class Day {
    long sent;
    long delivered;
    long read;
    BigDecimal spent = BigDecimal.ZERO;
    long urlClicks;
    final Set<String> clickers = new HashSet<>();
    long quickReplies;
  }

  @TempDir Path dir;
  MutableClock clock = MutableClock.at(Instant.ofEpochSecond(DAY0 + 3600));
  TestServer server;
  TestServer.Account acme;
  final Map<String, Day> days = new HashMap<>();

  @BeforeEach
  void seed() throws Exception {
    server = TestServer.start(dir, Map.of(), clock);
    acme = server.createAccount(ACME, "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
    assertThat(server.putTemplate(acme, T1, T1_BODY).status()).isEqualTo(200);
    assertThat(server.putTemplate(acme, T2, T2_BODY).status()).isEqualTo(200);
    assertThat(
            server
                .post(
                    "/v21.0/" + T2 + "?cta_url_link_tracking_opted_out=true&category=marketing",
                    acme.token(),
                    null)
                .status())
        .isEqualTo(200);
    assertThat(server.post("/" + ACME + "?is_enabled_for_insights=true", acme.token(), null).json())
        .hasToString("{\"id\":\"" + ACME + "\"}");
    Map<String, BigDecimal> marketing = sampleMarketingPrices();
    Random random = new Random(11);
    List<String> statuses = new ArrayList<>();
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String template = i % 2 == 0 ? T1 : T2;
      String[] to = RECIPIENTS[i % RECIPIENTS.length];
      String id = "wamid.T" + i;
      long sent = DAY0 + i * 4L * 3600 + 17;
      Map<String, Object> body = new HashMap<>();
      body.put("message_id", id);
      body.put("phone_number_id", PHONE);
      body.put("recipient", to[0]);
      body.put("template_id", template);
      body.put("sent_at", sent);
      body.put("text", "New colours: https://shop.example/p/1");
      body.put("cta_urls", List.of("https://shop.example/sale?u=" + i));
      JsonNode registered = server.registerMessage(acme, body);
      day(template, sent).sent++;
      boolean billable = i % 4 != 3;
      String pricing =
          "{\"billable\":"
              + billable
              + ",\"pricing_model\":\"PMP\",\"category\":\"marketing\",\"type\":\""
              + (billable ? "regular" : "free_entry_point")
              + "\"}";
      Long delivered = null;
      if (i % 5 != 4) {
        delivered = sent + 600;
        statuses.add(status(id, "delivered", delivered, to[0], pricing));
      }
      if (i % 3 == 0) {
        long read = sent + 300; // read before delivered: delivered moves to it
        statuses.add(status(id, "read", read, to[0], pricing));
        delivered = delivered == null ? read : Math.min(delivered, read);
        day(template, read).read++;
      }
      statuses.add(status(id, "sent", sent, to[0], pricing));
      if (delivered != null) {
        Day d = day(template, delivered);
        d.delivered++;
        if (billable) {
          d.spent = d.spent.add(marketing.getOrDefault(to[1], marketing.get("*")));
        }
      }
      if (template.equals(T1)) {
        String cta = registered.at("/cta_urls/0").asText();
        String bodyLink = registered.at("/links/0/tracked_url").asText();
        for (int k = 0; k < random.nextInt(4); k++) {
          long at = sent + 1800 + random.nextInt(30) * 3600L;
          clock.set(Instant.ofEpochSecond(at));
          assertThat(server.click(cta, TestServer.BROWSER).status()).isEqualTo(302);
          Day d = day(template, at);
          d.urlClicks++;
          d.clickers.add(to[0]);
          server.click(cta, BOT);
          server.click(bodyLink, TestServer.BROWSER);
        }
      }
      if (i % 3 != 2) {
        long at = sent + 7200 + random.nextInt(20) * 3600L;
        String text = template.equals(T1) ? "Contact Support" : "Stop promotions";
        replies.add(reply("wamid.IN" + i, id, to[0], text, at));
        day(template, at).quickReplies++;
      }
    }
    clock.set(Instant.ofEpochSecond(DAY0 + 20 * DAY));
    Collections.shuffle(statuses, new Random(7));
    for (int copy = 0; copy < 2; copy++) {
      for (int from = 0; from < statuses.size(); from += 20) {
        webhook("statuses", statuses.subList(from, Math.min(statuses.size(), from + 20)));
      }
      webhook("messages", replies);
    }
    String expected = expectedJson(List.of(T1, T2), DAY0, DAY0 + 8 * DAY, Set.of());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(dataPoints(query(DAY0, DAY0 + 8 * DAY, ""))).isEqualTo(expected));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Day day(String template, long at) {
    return days.computeIfAbsent(template + "@" + Math.floorDiv(at, DAY) * DAY, k -> new Day());
  }

  private void webhook(String field, List<String> items) throws Exception {
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\""
                + ACME
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
                + PHONE
                + "\"},\""
                + field
                + "\":["
                + String.join(",", items)
                + "]},\"field\":\"messages\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            acme.created().get("app_secret").asText().getBytes(StandardCharsets.UTF_8),
            "HmacSHA256"));
    TestServer.Response r =
        server.send(
            "POST",
            "/webhooks/whatsapp/" + ACME,
            body,
            "X-Hub-Signature-256",
            "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private TestServer.Response query(long start, long end, String extra) {
    return server.get(
        "/v21.0/"
            + ACME
            + "/template_analytics?start="
            + start
            + "&end="
            + end
            + "&granularity=daily&template_ids=%5B"
            + T1
            + "%2C"
            + T2
            + "%5D"
            + extra,
        acme.token());
  }

  private static String dataPoints(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/data/0/data_points").toString();
  }

  /** The data points this test expects; {@code metrics} empty means all. */
  private String expectedJson(List<String> templates, long start, long end, Set<String> metrics) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (String t : templates) {
      for (long s = start; s < end; s += DAY) {
        Day d = days.getOrDefault(t + "@" + s, new Day());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("template_id", t);
        p.put("start", s);
        p.put("end", s + DAY);
        if (metrics.isEmpty() || metrics.contains("SENT")) {
          p.put("sent", d.sent);
        }
        if (metrics.isEmpty() || metrics.contains("DELIVERED")) {
          p.put("delivered", d.delivered);
        }
        if (metrics.isEmpty() || metrics.contains("READ")) {
          p.put("read", d.read);
        }
        if ((metrics.isEmpty() || metrics.contains("CLICKED")) && t.equals(T1)) {
          List<Map<String, Object>> clicked = new ArrayList<>();
          if (d.urlClicks > 0) {
            clicked.add(click("url_button", "Tell me more", d.urlClicks));
            clicked.add(click("unique_url_button", "Tell me more", d.clickers.size()));
          }
          if (d.quickReplies > 0) {
            clicked.add(click("quick_reply_button", "Contact Support", d.quickReplies));
          }
          p.put("clicked", clicked);
        }
        if (metrics.isEmpty() || metrics.contains("COST")) {
          List<Map<String, Object>> cost = new ArrayList<>();
          cost.add(value("amount_spent", d.spent, 1));
          if (d.delivered > 0) {
            cost.add(value("cost_per_delivered", d.spent, d.delivered));
          }
          long urlClicks = t.equals(T1) ? d.urlClicks : 0;
          if (urlClicks > 0) {
            cost.add(value("cost_per_url_button_click", d.spent, urlClicks));
          }
          p.put("cost", cost);
        }
        points.add(p);
      }
    }
    return TestServer.JSON.valueToTree(points).toString();
  }

  @Test
  void everyDayOfBothTemplates_matchesTheDataset_zerosIncluded() {
    TestServer.Response r = query(DAY0, DAY0 + 8 * DAY, "");
    assertThat(dataPoints(r))
        .isEqualTo(expectedJson(List.of(T1, T2), DAY0, DAY0 + 8 * DAY, Set.of()));
    assertThat(r.json().at("/data/0/granularity").asText()).isEqualTo("DAILY");
    assertThat(r.json().at("/data/0/product_type").asText()).isEqualTo("cloud_api");
    assertThat(r.json().at("/paging/cursors").has("after")).isFalse();
    assertThat(r.json().at("/paging/cursors/before").asText()).isNotEmpty();
    // the dataset has what the assertions are about
    assertThat(days.values().stream().mapToLong(d -> d.urlClicks).sum()).isGreaterThan(5);
    assertThat(days.values().stream().anyMatch(d -> d.clickers.size() < d.urlClicks)).isTrue();
    assertThat(days.values().stream().anyMatch(d -> d.spent.signum() > 0)).isTrue();
  }

  @Test
  void templatesInTheOrderAsked_onlyTheMetricsAsked() {
    TestServer.Response r =
        server.get(
            "/"
                + ACME
                + "/template_analytics?start="
                + DAY0
                + "&end="
                + (DAY0 + 6 * DAY)
                + "&granularity=DAILY&template_ids="
                + T2
                + ","
                + T1
                + "&metric_types=%5B%22clicked%22,%22SENT%22%5D&product_type=marketing_messages_lite_api",
            acme.token());
    assertThat(dataPoints(r))
        .isEqualTo(expectedJson(List.of(T2, T1), DAY0, DAY0 + 6 * DAY, Set.of("CLICKED", "SENT")));
    assertThat(r.json().at("/data/0/product_type").asText())
        .isEqualTo("marketing_messages_lite_api");
  }

  @Test
  void startAndEnd_snapToUtcDays() {
    assertThat(dataPoints(query(DAY0 + 3 * 3600, DAY0 + 2 * DAY + 5, "")))
        .isEqualTo(expectedJson(List.of(T1, T2), DAY0, DAY0 + 3 * DAY, Set.of()));
    assertThat(dataPoints(query(DAY0 + DAY - 1, DAY0 + 2 * DAY, "")))
        .isEqualTo(expectedJson(List.of(T1, T2), DAY0, DAY0 + 2 * DAY, Set.of()));
  }

  @Test
  void smallPages_walkEveryDataPointOnce_andBeforeGoesBack() {
    String all = dataPoints(query(DAY0, DAY0 + 8 * DAY, ""));
    for (int limit : new int[] {1, 3, 5, 16}) {
      List<JsonNode> seen = new ArrayList<>();
      List<String> befores = new ArrayList<>();
      String after = null;
      do {
        JsonNode page =
            query(
                    DAY0,
                    DAY0 + 8 * DAY,
                    "&limit=" + limit + (after == null ? "" : "&after=" + after))
                .json();
        JsonNode points = page.at("/data/0/data_points");
        assertThat(points.size()).isBetween(1, limit);
        points.forEach(seen::add);
        befores.add(page.at("/paging/cursors/before").asText());
        JsonNode next = page.at("/paging/cursors").get("after");
        after = next == null ? null : next.asText();
      } while (after != null && seen.size() <= 16);
      assertThat(TestServer.JSON.valueToTree(seen).toString()).as("limit " + limit).isEqualTo(all);
      if (befores.size() > 1) {
        JsonNode back =
            query(DAY0, DAY0 + 8 * DAY, "&limit=" + limit + "&before=" + befores.get(1)).json();
        assertThat(back.at("/data/0/data_points").toString())
            .isEqualTo(TestServer.JSON.valueToTree(seen.subList(0, limit)).toString());
      }
    }
  }
}
