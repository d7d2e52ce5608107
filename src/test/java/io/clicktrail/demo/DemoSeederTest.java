package io.clicktrail.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.demo.DemoCampaign.Click;
import io.clicktrail.demo.DemoCampaign.Fate;
import io.clicktrail.demo.DemoCampaign.Planned;
import io.clicktrail.demo.DemoCampaign.Referral;
import io.clicktrail.demo.DemoCampaign.Via;
import io.clicktrail.demo.DemoCatalog.Ad;
import io.clicktrail.demo.DemoCatalog.Template;
import io.clicktrail.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo seeds, through the public API, a campaign that every read API then shows exactly as the
 * plan drew it: messages and their statuses, template funnels with url and quick-reply clicks, ad
 * attribution, webhook subscription health, and classified clicks, the older ones reported by Meta
 * on the days they happened. One seeding serves every test; it and the test draw the plan for the
 * same time, so even the days of the clicks are known.
 */
class DemoSeederTest {
  private static final Duration PROJECTED = Duration.ofSeconds(30);
  private static final long DAY = 86_400;

  @TempDir static Path dir;
  private static TestServer server;
  private static SeededDemo demo;
  private static String printed;
  private static DemoCampaign plan;
  private static long now;
  private static long today;

  @BeforeAll
  static void seed() {
    server = TestServer.start(dir, Map.of("webhook-allow-private", "true"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    now = System.currentTimeMillis() / 1000;
    today = now / DAY * DAY;
    demo =
        DemoSeeder.seed(
            server.baseUrl(),
            server.adminToken(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            DemoSeeder.MESSAGES,
            now);
    printed = out.toString(StandardCharsets.UTF_8);
    plan = DemoCampaign.plan(DemoSeeder.SEED, now, DemoSeeder.MESSAGES);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void seed_endsWithTheDashboardTheTokenAndTheAccount() {
    List<String> lines = printed.lines().toList();
    assertThat(lines.subList(lines.size() - 3, lines.size()))
        .as(printed)
        .containsExactly(
            "dashboard: " + server.baseUrl() + "/?access_token=" + demo.token(),
            "account token: " + demo.token(),
            "demo account: " + demo.accountId());
    assertThat(demo.token()).startsWith("ct_");
    assertThat(printed)
        .contains("messages  [" + "#".repeat(30) + "] 3000/3000")
        .contains("seeded 3000 messages")
        .contains(
            String.format(
                Locale.ROOT,
                " and %d clicks (%d reported by Meta, %d through the redirect; ",
                clicks(Via.META).size() + clicks(Via.REDIRECT).size(),
                clicks(Via.META).size(),
                clicks(Via.REDIRECT).size()));
  }

  @Test
  void analytics_countEveryPlannedMessageSentAndDelivered() {
    long day = System.currentTimeMillis() / 1000 / 86_400 * 86_400;
    String fields =
        "analytics.start("
            + (day - 31 * 86_400L)
            + ").end("
            + (day + 86_400)
            + ").granularity(DAY)";
    long delivered = plan.messages().stream().filter(DemoSeederTest::delivered).count();
    await()
        .atMost(PROJECTED)
        .untilAsserted(
            () -> {
              JsonNode analytics =
                  get("/" + demo.accountId() + "?fields=" + encode(fields)).get("analytics");
              long sent = 0;
              long seen = 0;
              for (JsonNode p : analytics.get("data_points")) {
                sent += p.get("sent").asLong();
                seen += p.get("delivered").asLong();
              }
              assertThat(sent).isEqualTo(DemoSeeder.MESSAGES);
              assertThat(seen).isEqualTo(delivered);
              assertThat(analytics.get("country_codes"))
                  .extracting(JsonNode::asText)
                  .containsExactlyInAnyOrderElementsOf(
                      DemoCatalog.COUNTRIES.stream().map(DemoCatalog.Country::code).toList());
            });
  }

  @Test
  void templateAnalytics_showTheFunnelUrlClicksAndQuickReplies_onTheDaysTheyHappened() {
    String ids = DemoCatalog.TEMPLATES.stream().map(Template::id).collect(Collectors.joining(","));
    String path =
        "/"
            + demo.accountId()
            + "/template_analytics?granularity=daily&start="
            + (today - 31 * DAY)
            + "&end="
            + (today + 2 * DAY)
            + "&template_ids="
            + ids;
    await()
        .atMost(PROJECTED)
        .untilAsserted(
            () -> {
              Map<String, long[]> totals = new HashMap<>();
              Map<String, Map<Long, Long>> urlClicksByDay = new HashMap<>();
              for (JsonNode p : get(path).at("/data/0/data_points")) {
                String template = p.get("template_id").asText();
                long[] t = totals.computeIfAbsent(template, k -> new long[5]);
                t[0] += p.get("sent").asLong();
                t[1] += p.get("delivered").asLong();
                t[2] += p.get("read").asLong();
                for (JsonNode c : p.path("clicked")) {
                  String type = c.get("type").asText();
                  if (type.equals("quick_reply_button")) {
                    t[4] += c.get("count").asLong();
                  } else if (type.equals("url_button")) {
                    t[3] += c.get("count").asLong();
                    urlClicksByDay
                        .computeIfAbsent(template, k -> new TreeMap<>())
                        .merge(p.get("start").asLong(), c.get("count").asLong(), Long::sum);
                  }
                }
              }
              for (Template t : DemoCatalog.TEMPLATES) {
                List<Planned> of = plan.messages().stream().filter(m -> m.template() == t).toList();
                assertThat(totals.get(t.id()))
                    .as(t.name() + ": sent, delivered, read, url clicks, quick replies")
                    .satisfies(
                        n -> {
                          assertThat(n[0]).isEqualTo(of.size());
                          assertThat(n[1])
                              .isEqualTo(of.stream().filter(DemoSeederTest::delivered).count());
                          assertThat(n[2])
                              .isEqualTo(of.stream().filter(m -> m.fate() == Fate.READ).count());
                          assertThat(n[3]).isEqualTo(urlClicks(of, c -> true).size());
                          assertThat(n[4])
                              .isEqualTo(
                                  of.stream()
                                      .filter(m -> m.reply() != null && m.reply().button() != null)
                                      .count());
                        });
                if (!t.quickReplies().isEmpty()) {
                  assertThat(totals.get(t.id())[4]).isPositive();
                }
                // before today only Meta's reports, stamped with their own time, can have counted
                Map<Long, Long> expected =
                    urlClicks(of, c -> c.via() == Via.META).stream()
                        .filter(c -> c.at() < today)
                        .collect(
                            Collectors.groupingBy(
                                c -> c.at() / DAY * DAY, TreeMap::new, Collectors.counting()));
                Map<Long, Long> seen = new TreeMap<>(urlClicksByDay.getOrDefault(t.id(), Map.of()));
                seen.keySet().removeIf(day -> day >= today);
                assertThat(seen).as(t.name() + ": url clicks by day").isEqualTo(expected);
              }
              assertThat(
                      urlClicksByDay.values().stream()
                          .flatMap(days -> days.keySet().stream())
                          .distinct()
                          .count())
                  .as("days with url clicks")
                  .isGreaterThanOrEqualTo(20);
            });
  }

  @Test
  void attribution_listsEveryAdWithItsConversationsRepliesMessagesAndClicks() {
    await()
        .atMost(PROJECTED)
        .untilAsserted(
            () -> {
              JsonNode data = get("/v1/attribution").get("data");
              assertThat(data).hasSize(DemoCatalog.ADS.size());
              for (JsonNode row : data) {
                Ad ad =
                    DemoCatalog.ADS.stream()
                        .filter(a -> a.sourceId().equals(row.get("source_id").asText()))
                        .findFirst()
                        .orElseThrow();
                List<Referral> referrals =
                    plan.referrals().stream().filter(r -> r.ad() == ad).toList();
                List<Planned> after =
                    plan.messages().stream()
                        .filter(m -> m.referral() != null && m.referral().ad() == ad)
                        .toList();
                long replies =
                    referrals.stream().filter(r -> r.followUp() != null).count()
                        + after.stream().filter(m -> m.reply() != null).count();
                assertThat(row.get("source_type").asText()).isEqualTo("ad");
                assertThat(row.get("headline").asText()).isEqualTo(ad.headline());
                assertThat(row.get("conversations").asLong()).isEqualTo(referrals.size());
                assertThat(row.get("replies").asLong()).isEqualTo(replies).isPositive();
                assertThat(row.get("messages_sent").asLong()).isEqualTo(after.size()).isPositive();
                assertThat(row.get("clicks").asLong()).isEqualTo(humanClicks(after));
              }
            });
  }

  @Test
  void webhooks_oneSubscriptionDeliversAndTheOtherIsFailingAndRetrying() {
    await()
        .atMost(PROJECTED)
        .untilAsserted(
            () -> {
              Map<String, JsonNode> byFormat = new HashMap<>();
              get("/v1/webhooks")
                  .get("data")
                  .forEach(s -> byFormat.put(s.get("format").asText(), s));
              assertThat(byFormat).containsOnlyKeys("cloudevents", "whatsapp");

              JsonNode healthy = byFormat.get("cloudevents");
              assertThat(healthy.get("status").asText()).isEqualTo("active");
              JsonNode delivered =
                  get("/v1/webhooks/" + healthy.get("id").asText() + "/deliveries?status=delivered")
                      .get("data");
              assertThat(delivered).isNotEmpty();

              JsonNode failing = byFormat.get("whatsapp");
              assertThat(failing.get("status").asText()).isEqualTo("failing");
              JsonNode attempts =
                  get("/v1/webhooks/" + failing.get("id").asText() + "/deliveries").get("data");
              assertThat(attempts).isNotEmpty();
              assertThat(attempts.findValues("http_status"))
                  .extracting(JsonNode::asInt)
                  .contains(500);
            });
    assertThat(demo.deliveriesAccepted()).isPositive();
    assertThat(demo.deliveriesRefused()).isPositive();
  }

  @Test
  void clicks_ofEveryKindAreListed_withAQuarterOrSoFromMachines_andMetasOwnReports() {
    List<Click> planned = clicks(c -> true);
    List<JsonNode> clicks =
        await()
            .atMost(PROJECTED)
            .until(() -> server.allClicks(demo.token(), null), all -> all.size() >= planned.size());
    assertThat(clicks).hasSize(planned.size());
    Map<String, Long> byClass =
        clicks.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.get("classification").asText(), Collectors.counting()));
    assertThat(byClass).containsOnlyKeys("human", "bot", "prefetch");
    long machines = byClass.get("bot") + byClass.get("prefetch");
    assertThat(machines * 100 / clicks.size()).isBetween(15L, 35L);
    assertThat(byClass.get("human")).isEqualTo(humanClicks(plan.messages()));

    Map<String, List<JsonNode>> bySource =
        clicks.stream().collect(Collectors.groupingBy(c -> c.get("source").asText()));
    assertThat(bySource).containsOnlyKeys("meta", "clicktrail");
    List<JsonNode> reported = bySource.get("meta");
    assertThat(reported)
        .hasSize(clicks(Via.META).size())
        .allSatisfy(
            c -> {
              assertThat(c.get("classification").asText()).isEqualTo("human");
              assertThat(c.get("reason").asText()).isEqualTo("meta:user_action");
            });
    assertThat(reported.stream().map(c -> c.get("timestamp").asLong()).sorted())
        .as("the times Meta reported")
        .containsExactlyElementsOf(clicks(Via.META).stream().map(Click::at).sorted().toList());
    List<JsonNode> followed = bySource.get("clicktrail");
    assertThat(followed).hasSize(clicks(Via.REDIRECT).size());
    assertThat(followed)
        .allSatisfy(c -> assertThat(c.get("timestamp").asLong()).isGreaterThanOrEqualTo(now));
    assertThat(followed.stream().map(c -> c.get("user_agent").asText()).distinct().count())
        .isEqualTo(Arrays.stream(Visitor.values()).map(v -> v.userAgent).distinct().count());
  }

  @Test
  void clickStats_spreadHumanClicksOverTheMonth_andMachinesOnTheDayOfTheSeeding() {
    String path =
        "/v1/click_stats?granularity=DAY&since="
            + (today - 30 * DAY)
            + "&until="
            + (today + 2 * DAY);
    Map<Long, Long> reported =
        clicks(Via.META).stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.at() / DAY * DAY, TreeMap::new, Collectors.counting()));
    await()
        .atMost(PROJECTED)
        .untilAsserted(
            () -> {
              JsonNode stats = get(path);
              assertThat(stats.at("/totals/clicks").asLong()).isEqualTo(clicks(c -> true).size());
              assertThat(stats.at("/totals/human").asLong())
                  .isEqualTo(humanClicks(plan.messages()));
              Map<Long, Long> humanBefore = new TreeMap<>();
              long daysWithClicks = 0;
              for (JsonNode b : stats.get("timeline")) {
                long day = b.get("start").asLong();
                long all =
                    b.get("human").asLong() + b.get("bot").asLong() + b.get("prefetch").asLong();
                daysWithClicks += all > 0 ? 1 : 0;
                if (day < today) {
                  assertThat(all - b.get("human").asLong()).as("machines on %d", day).isZero();
                  if (all > 0) {
                    humanBefore.put(day, all);
                  }
                }
              }
              Map<Long, Long> expected = new TreeMap<>(reported);
              expected.keySet().removeIf(day -> day >= today);
              assertThat(humanBefore).as("human clicks by day before today").isEqualTo(expected);
              assertThat(daysWithClicks).isGreaterThanOrEqualTo(20);
              assertThat(stats.get("reasons").findValuesAsText("reason"))
                  .contains("meta:user_action");
            });
  }

  private static boolean delivered(Planned m) {
    return m.fate() == Fate.DELIVERED || m.fate() == Fate.READ;
  }

  /** The planned clicks that reach the server by {@code via}. */
  private static List<Click> clicks(Via via) {
    return clicks(c -> c.via() == via);
  }

  private static List<Click> clicks(Predicate<Click> which) {
    return plan.messages().stream().flatMap(m -> m.clicks().stream()).filter(which).toList();
  }

  /** The people's clicks on url buttons (links after the first) of {@code messages}. */
  private static List<Click> urlClicks(List<Planned> messages, Predicate<Click> which) {
    return messages.stream()
        .flatMap(m -> m.clicks().stream())
        .filter(c -> c.visitor().human() && c.link() > 0)
        .filter(which)
        .toList();
  }

  private static long humanClicks(List<Planned> messages) {
    return messages.stream()
        .flatMap(m -> m.clicks().stream())
        .filter(c -> c.visitor().human())
        .count();
  }

  private static JsonNode get(String path) {
    TestServer.Response r = server.get(path, demo.token());
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return r.json();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
