package io.clicktrail.track;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/click_stats}: every number equals what the test computes from the clicks it made
 * (human with a browser, bot with WhatsApp's preview fetcher, prefetch with HEAD).
 */
class ClickStatsApiTest {
  private static final String WHATSAPP = "WhatsApp/2.24.12.78 A";
  private static final Instant D16 = Instant.parse("2025-06-16T00:00:00Z");
  private static final Instant D17 = Instant.parse("2025-06-17T00:00:00Z");
  private static final Instant D18 = Instant.parse("2025-06-18T00:00:00Z");
  private static final Instant D19 = Instant.parse("2025-06-19T00:00:00Z");

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(Instant.parse("2025-06-18T10:00:00Z"));
  TestServer server;
  TestServer.Account acme;
  TestServer.Account beta;

  /** A click the test made, as the rollups should count it. */
  private record Made(String accountId, long atMillis, String target, String classification) {}

  private final List<Made> made = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of(), clock);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    beta = server.createAccount("2", "Beta");
    server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
    server.phoneNumber(beta, "777", "15550000000");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Registers a message of {@code account} with {@code urls} in its text; the tracked URLs. */
  private List<String> message(TestServer.Account account, String phone, String... urls) {
    JsonNode links =
        server
            .registerMessage(
                account,
                Map.of(
                    "phone_number_id",
                    phone,
                    "recipient",
                    "16505551234",
                    "text",
                    "see " + String.join(" and ", urls)))
            .get("links");
    List<String> tracked = new ArrayList<>();
    links.forEach(l -> tracked.add(l.get("tracked_url").asText()));
    return tracked;
  }

  private void click(
      TestServer.Account account, Instant at, String tracked, String target, String kind) {
    clock.set(at);
    int status =
        switch (kind) {
          case "human" -> server.click(tracked, TestServer.BROWSER).status();
          case "bot" -> server.click(tracked, WHATSAPP).status();
          case "prefetch" ->
              server.request("HEAD", tracked, Map.of("User-Agent", TestServer.BROWSER)).status();
          default -> throw new IllegalArgumentException(kind);
        };
    assertThat(status).isEqualTo(302);
    made.add(new Made(account.id(), at.toEpochMilli(), target, kind));
  }

  private void settle() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.queryLong("SELECT COUNT(*) FROM clicks") == made.size());
  }

  /**
   * Clicks of acme over three days, with clicks on both sides of midnight and of an hour boundary,
   * on two pages (one sent with two different queries), and clicks of beta.
   */
  private void story() {
    List<String> a =
        message(
            acme,
            Fixtures.PHONE_ID,
            "https://shop.example/sale?u=1",
            "https://shop.example/other#top");
    List<String> b = message(acme, Fixtures.PHONE_ID, "https://shop.example/sale?u=2");
    List<String> other = message(beta, "777", "https://beta.example/x");
    String sale = "https://shop.example/sale";
    String page = "https://shop.example/other";
    click(acme, D16.plusSeconds(9 * 3600 + 900), a.get(0), sale, "human");
    click(acme, D16.plusSeconds(9 * 3600 + 901), a.get(0), sale, "bot");
    click(acme, D17.plusSeconds(12 * 3600), a.get(1), page, "human");
    click(acme, D17.plusSeconds(12 * 3600 + 5), a.get(1), page, "human");
    click(acme, D18.minusMillis(1), a.get(1), page, "bot");
    click(acme, D18, b.get(0), sale, "prefetch");
    click(acme, D18, b.get(0), sale, "human");
    click(acme, D18.plusSeconds(3599), b.get(0), sale, "bot");
    click(acme, D18.plusSeconds(3600), b.get(0), sale, "bot");
    click(acme, D18.plusSeconds(10 * 3600), a.get(0), sale, "human");
    click(beta, D17.plusSeconds(12 * 3600), other.get(0), "https://beta.example/x", "human");
    click(beta, D18.plusSeconds(60), other.get(0), "https://beta.example/x", "bot");
    settle();
    clock.set(Instant.parse("2025-06-18T10:30:00Z"));
  }

  private JsonNode stats(TestServer.Account account, String query) {
    TestServer.Response r = server.get("/v1/click_stats" + query, account.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    return r.json();
  }

  /** What the answer must be, computed from {@link #made} and the stored reasons. */
  private JsonNode expected(
      TestServer.Account account, long since, long until, String granularity, int limit)
      throws Exception {
    long size = granularity.equals("HOUR") ? 3600 : 86_400;
    long start = Math.floorDiv(since, size) * size;
    int buckets = (int) Math.ceilDiv(until - start, size);
    long[][] timeline = new long[buckets][3];
    Map<String, long[]> links = new TreeMap<>();
    long dayFrom = Math.floorDiv(start, 86_400) * 86_400;
    for (Made m : made) {
      if (!m.accountId().equals(account.id())) {
        continue;
      }
      long hour = Math.floorDiv(m.atMillis(), 3_600_000L) * 3600;
      int kind = List.of("human", "bot", "prefetch").indexOf(m.classification());
      if (hour >= start && hour < until) {
        timeline[(int) ((hour - start) / size)][kind]++;
      }
      long day = Math.floorDiv(m.atMillis(), 86_400_000L) * 86_400;
      if (day >= dayFrom && day < until) {
        long[] l = links.computeIfAbsent(m.target(), t -> new long[2]);
        l[0]++;
        l[1] += kind == 0 ? 1 : 0;
      }
    }
    List<Map<String, Object>> points = new ArrayList<>();
    long[] totals = new long[3];
    for (int i = 0; i < buckets; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("start", start + i * size);
      p.put("human", timeline[i][0]);
      p.put("bot", timeline[i][1]);
      p.put("prefetch", timeline[i][2]);
      points.add(p);
      for (int k = 0; k < 3; k++) {
        totals[k] += timeline[i][k];
      }
    }
    Map<String, Long> reasonCounts = new TreeMap<>();
    for (JsonNode c : server.allClicks(account.token(), null)) {
      long hour = Math.floorDiv(c.get("timestamp_ms").asLong(), 3_600_000L) * 3600;
      if (hour >= start && hour < until) {
        reasonCounts.merge(
            c.get("classification").asText() + "\n" + c.get("reason").asText(), 1L, Long::sum);
      }
    }
    List<Map<String, Object>> reasons = new ArrayList<>();
    reasonCounts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("classification", e.getKey().split("\n")[0]);
              r.put("reason", e.getKey().split("\n")[1]);
              r.put("clicks", e.getValue());
              reasons.add(r);
            });
    List<Map<String, Object>> top = new ArrayList<>();
    links.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
                .thenComparingLong(e -> -e.getValue()[0]))
        .limit(limit)
        .forEach(
            e -> {
              Map<String, Object> l = new LinkedHashMap<>();
              l.put("url", e.getKey());
              l.put("clicks", e.getValue()[0]);
              l.put("human_clicks", e.getValue()[1]);
              top.add(l);
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("since", start);
    body.put("until", until);
    body.put("granularity", granularity);
    body.put(
        "totals",
        Map.of(
            "clicks",
            totals[0] + totals[1] + totals[2],
            "human",
            totals[0],
            "bot",
            totals[1],
            "prefetch",
            totals[2]));
    body.put("timeline", points);
    body.put("reasons", reasons);
    body.put("top_links", top);
    // through text, so that numbers compare as the parsed answer's do
    return TestServer.JSON.readTree(TestServer.JSON.writeValueAsString(body));
  }

  @Test
  void threeDays_countEveryClickByKindDayReasonAndTarget() throws Exception {
    story();
    long since = D16.getEpochSecond();
    long until = D19.getEpochSecond();

    JsonNode stats = stats(acme, "?since=" + since + "&until=" + until + "&granularity=DAY");

    assertThat(stats).isEqualTo(expected(acme, since, until, "DAY", 10));
    // spot checks, in case the computation above shares a mistake with the server
    assertThat(stats.get("totals").toString())
        .isEqualTo("{\"clicks\":10,\"human\":5,\"bot\":4,\"prefetch\":1}");
    assertThat(stats.at("/timeline/1").toString())
        .isEqualTo("{\"start\":" + D17.getEpochSecond() + ",\"human\":2,\"bot\":1,\"prefetch\":0}");
    assertThat(stats.get("top_links").toString())
        .isEqualTo(
            "[{\"url\":\"https://shop.example/sale\",\"clicks\":7,\"human_clicks\":3},"
                + "{\"url\":\"https://shop.example/other\",\"clicks\":3,\"human_clicks\":2}]");
    assertThat(stats.at("/reasons/0/clicks").asLong()).isEqualTo(5);
    assertThat(stats.at("/reasons/0/classification").asText()).isEqualTo("human");
  }

  @Test
  void body_listsItsFieldsInTheDocumentedOrder() {
    story();

    String body =
        server
            .get("/v1/click_stats?since=" + D18.getEpochSecond() + "&limit=1", acme.token())
            .body();

    assertThat(body)
        .startsWith("{\"since\":" + D18.getEpochSecond() + ",\"until\":")
        .contains(",\"granularity\":\"DAY\",\"totals\":{\"clicks\":")
        .contains("],\"reasons\":[{\"classification\":")
        .contains("],\"top_links\":[{\"url\":\"https://shop.example/sale\",\"clicks\":");
  }

  @Test
  void hourBuckets_splitAtTheHour_andUntilIsExclusive() throws Exception {
    story();
    long since = D17.getEpochSecond() + 22 * 3600;
    long until = D18.getEpochSecond() + 2 * 3600;

    JsonNode stats = stats(acme, "?since=" + since + "&until=" + until + "&granularity=HOUR");

    assertThat(stats).isEqualTo(expected(acme, since, until, "HOUR", 10));
    assertThat(stats.get("timeline").toString())
        .isEqualTo(
            "[{\"start\":"
                + since
                + ",\"human\":0,\"bot\":0,\"prefetch\":0},{\"start\":"
                + (since + 3600)
                + ",\"human\":0,\"bot\":1,\"prefetch\":0},{\"start\":"
                + (since + 7200)
                + ",\"human\":1,\"bot\":1,\"prefetch\":1},{\"start\":"
                + (since + 3 * 3600)
                + ",\"human\":0,\"bot\":1,\"prefetch\":0}]");
    // until at midnight leaves out the clicks at 00:00:00.000
    JsonNode before =
        stats(acme, "?since=" + since + "&until=" + D18.getEpochSecond() + "&granularity=hour");
    assertThat(before.get("totals").get("clicks").asLong()).isEqualTo(1);
    assertThat(before.get("timeline")).hasSize(2);
  }

  @Test
  void since_isFlooredToItsBucket_andTopLinksCoverEveryDayTheRangeTouches() throws Exception {
    story();
    long since = D17.getEpochSecond() + 23 * 3600 + 1800;
    long until = D18.getEpochSecond() + 1800;

    JsonNode stats = stats(acme, "?since=" + since + "&until=" + until + "&granularity=HOUR");

    assertThat(stats.get("since").asLong()).isEqualTo(D17.getEpochSecond() + 23 * 3600);
    assertThat(stats.get("until").asLong()).isEqualTo(until);
    assertThat(stats).isEqualTo(expected(acme, since, until, "HOUR", 10));
    // 23:59:59.999, and the three of the hour from 00:00, which starts before until
    assertThat(stats.get("totals").get("clicks").asLong()).isEqualTo(4);
    // the days of the 17th and the 18th, whole
    assertThat(stats.get("top_links").toString())
        .isEqualTo(
            "[{\"url\":\"https://shop.example/sale\",\"clicks\":5,\"human_clicks\":2},"
                + "{\"url\":\"https://shop.example/other\",\"clicks\":3,\"human_clicks\":2}]");
  }

  @Test
  void defaults_areThirtyDaysOfDayBucketsUntilNow_andTenTopLinks() throws Exception {
    story();
    long now = clock.millis() / 1000;

    JsonNode stats = stats(acme, "");

    assertThat(stats).isEqualTo(expected(acme, now - 30 * 86_400, now, "DAY", 10));
    assertThat(stats.get("timeline")).hasSize(31);
    assertThat(stats.get("since").asLong()).isEqualTo(D18.getEpochSecond() - 30 * 86_400);
  }

  @Test
  void limit_cutsTopLinks() {
    story();

    JsonNode stats = stats(acme, "?since=" + D16.getEpochSecond() + "&limit=1");

    assertThat(stats.get("top_links").toString())
        .isEqualTo("[{\"url\":\"https://shop.example/sale\",\"clicks\":7,\"human_clicks\":3}]");
  }

  @Test
  void otherAccountsClicks_areExcluded() throws Exception {
    story();
    long since = D16.getEpochSecond();
    long until = D19.getEpochSecond();

    JsonNode stats = stats(beta, "?since=" + since + "&until=" + until);

    assertThat(stats).isEqualTo(expected(beta, since, until, "DAY", 10));
    assertThat(stats.get("totals").toString())
        .isEqualTo("{\"clicks\":2,\"human\":1,\"bot\":1,\"prefetch\":0}");
    assertThat(stats.get("top_links").toString())
        .isEqualTo("[{\"url\":\"https://beta.example/x\",\"clicks\":2,\"human_clicks\":1}]");
  }

  @Test
  void noClicks_givesEveryBucketWithZeros() {
    JsonNode stats =
        stats(acme, "?since=" + D16.getEpochSecond() + "&until=" + D18.getEpochSecond());

    assertThat(stats.toString())
        .isEqualTo(
            "{\"since\":"
                + D16.getEpochSecond()
                + ",\"until\":"
                + D18.getEpochSecond()
                + ",\"granularity\":\"DAY\",\"totals\":{\"clicks\":0,\"human\":0,\"bot\":0,"
                + "\"prefetch\":0},\"timeline\":[{\"start\":"
                + D16.getEpochSecond()
                + ",\"human\":0,\"bot\":0,\"prefetch\":0},{\"start\":"
                + D17.getEpochSecond()
                + ",\"human\":0,\"bot\":0,\"prefetch\":0}],\"reasons\":[],\"top_links\":[]}");
  }

  @Test
  void accessTokenParameter_authenticatesLikeTheHeader() {
    TestServer.Response r = server.get("/v1/click_stats?access_token=" + acme.token(), null);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void missingOrAdminToken_isRefusedInTheGraphShape() {
    assertGraphError(server.get("/v1/click_stats", null), 401, 190, "access token");
    assertGraphError(server.get("/v1/click_stats", "nope"), 401, 190, "access token");
    assertGraphError(server.get("/v1/click_stats", server.adminToken()), 403, 200, "account token");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "since=abc|since",
        "since=-1|since",
        "since=1e9|since",
        "since=99999999999999999999999|since",
        "since=|since",
        "until=x|until",
        "until=253402300800|until",
        "since=1750000000&until=1750000000|since",
        "since=1750000001&until=1750000000|since",
        "since=0&until=1750000000|since",
        "since=1700000000&until=1750000000&granularity=HOUR|since",
        "granularity=WEEK|granularity",
        "granularity=|granularity",
        "limit=0|limit",
        "limit=101|limit",
        "limit=ten|limit",
        "limit=99999999999|limit",
      })
  void hostileParameters_get400NamingTheParameter(String query, String named) {
    assertGraphError(server.get("/v1/click_stats?" + query, acme.token()), 400, 100, named);
  }

  @Test
  void limitsOfTheRange_areAccepted() {
    long until = D18.getEpochSecond();

    assertThat(
            stats(acme, "?granularity=HOUR&until=" + until + "&since=" + (until - 2000 * 3600))
                .get("timeline"))
        .hasSize(2000);
    assertThat(stats(acme, "?since=0&until=1").get("timeline")).hasSize(1);
    assertGraphError(
        server.get(
            "/v1/click_stats?granularity=HOUR&until=" + until + "&since=" + (until - 2001 * 3600),
            acme.token()),
        400,
        100,
        "since");
  }

  @Test
  void replayedClicks_changeNoRollup() throws Exception {
    List<String> a = message(acme, Fixtures.PHONE_ID, "https://shop.example/sale?u=1");
    click(acme, clock.instant(), a.get(0), "https://shop.example/sale", "human");
    click(acme, clock.instant(), a.get(0), "https://shop.example/sale", "bot");
    settle();
    clock.advance(Duration.ofMinutes(1));
    String query = "?since=" + D18.getEpochSecond();
    JsonNode before = stats(acme, query);
    server.close();
    // the engagement projector starts again from the beginning of the log
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.database());
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE consumer_positions SET position = 0 WHERE consumer = 'engagement'");
    }
    server = TestServer.start(dir, Map.of(), clock);
    long head = server.queryLong("SELECT MAX(seq) FROM event_log");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server.queryLong(
                        "SELECT position FROM consumer_positions WHERE consumer = 'engagement'")
                    >= head);

    assertThat(stats(acme, query)).isEqualTo(before);
    assertThat(before.get("totals").get("clicks").asLong()).isEqualTo(2);
  }

  @Test
  void upgradeFromBeforeRollups_backfillsThemFromTheStoredClicks() throws Exception {
    story();
    String query = "?since=" + D16.getEpochSecond() + "&until=" + D19.getEpochSecond();
    JsonNode projected = stats(acme, query);
    server.close();
    // a store as version 14 left it: raw clicks, no rollups
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.database());
        Statement s = c.createStatement()) {
      s.executeUpdate("DROP TABLE click_rollup_hourly");
      s.executeUpdate("DROP TABLE click_rollup_links");
      s.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '15'");
    }
    server = TestServer.start(dir, Map.of(), clock);

    assertThat(stats(acme, query)).isEqualTo(projected);
  }
}
