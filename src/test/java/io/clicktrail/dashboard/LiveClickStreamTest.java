package io.clicktrail.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/live/clicks}: the live click feed over server-sent events. */
class LiveClickStreamTest {
  private static final String WHATSAPP = "WhatsApp/2.24.12.78 A";

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(Instant.parse("2025-06-18T10:00:00Z"));
  TestServer server;
  TestServer.Account acme;
  TestServer.Account beta;
  final List<SseClient> clients = new ArrayList<>();

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
    clients.forEach(SseClient::close);
    server.close();
  }

  private SseClient connect(String token) {
    return connectTo(server.baseUrl() + LiveClickStream.PATH, token);
  }

  private SseClient connectTo(String url, String token) {
    SseClient c = SseClient.open(url, token);
    clients.add(c);
    return c;
  }

  /** The tracked URL of the first link of a new message of {@code account}. */
  private JsonNode link(TestServer.Account account, String phone, String messageId) {
    return server
        .registerMessage(
            account,
            Map.of(
                "message_id",
                messageId,
                "phone_number_id",
                phone,
                "recipient",
                "16505551234",
                "text",
                "see https://shop.example/sale?u=1"))
        .get("links")
        .get(0);
  }

  /** Clicks {@code link}; returns the click id the redirect carried. */
  private String click(JsonNode link, String userAgent) {
    clock.advance(Duration.ofSeconds(1));
    TestServer.Response r = server.click(link.get("tracked_url").asText(), userAgent);
    assertThat(r.status()).isEqualTo(302);
    String query = URI.create(r.header("Location")).getRawQuery();
    return query.substring(query.indexOf("click_id=") + "click_id=".length());
  }

  private JsonNode json(String data) throws Exception {
    return TestServer.JSON.readTree(data);
  }

  @Test
  void stream_answersEventStreamHeadersAndRetryFirst_thenEachNewClick() throws Exception {
    JsonNode link = link(acme, Fixtures.PHONE_ID, "wamid.L1");
    SseClient stream = connect(acme.token());

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
    assertThat(stream.header("Cache-Control")).isEqualTo("no-store");
    await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
    assertThat(stream.events().get(0)).isEqualTo(Map.of("retry", "2000"));

    String clickId = click(link, TestServer.BROWSER);
    long at = clock.millis();

    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 1);
    Map<String, String> event = stream.clicks().get(0);
    assertThat(event.keySet()).containsExactlyInAnyOrder("id", "event", "data");
    assertThat(event.get("id")).isEqualTo(clickId);
    assertThat(json(event.get("data")))
        .isEqualTo(
            json(
                "{\"click_id\":\""
                    + clickId
                    + "\",\"message_id\":\"wamid.L1\",\"url\":\"https://shop.example/sale?u=1\","
                    + "\"link_index\":0,\"component\":\"body\",\"classification\":\"human\","
                    + "\"reason\":\"browser\",\"source\":\"clicktrail\",\"clicked_at\":"
                    + at
                    + "}"));
  }

  @Test
  void botAndPrefetchClicks_arrive_withTheirClassification() throws Exception {
    JsonNode link = link(acme, Fixtures.PHONE_ID, "wamid.L1");
    SseClient stream = connect(acme.token());
    click(link, WHATSAPP);
    clock.advance(Duration.ofSeconds(1));
    server.request("HEAD", link.get("tracked_url").asText(), Map.of("User-Agent", "x"));

    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 2);
    assertThat(json(stream.clicks().get(0).get("data")).get("classification").asText())
        .isEqualTo("bot");
    assertThat(json(stream.clicks().get(1).get("data")).get("classification").asText())
        .isEqualTo("prefetch");
  }

  @Test
  void connect_replaysTheAccountsLastTwentyClicksOldestFirst_thenNewOnes() throws Exception {
    JsonNode link = link(acme, Fixtures.PHONE_ID, "wamid.L1");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      ids.add(click(link, TestServer.BROWSER));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.queryLong("SELECT COUNT(*) FROM clicks") == 22);

    SseClient stream = connect(acme.token());
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 20);
    String next = click(link, TestServer.BROWSER);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 21);

    List<String> expected = new ArrayList<>(ids.subList(2, 22));
    expected.add(next);
    assertThat(stream.clicks().stream().map(e -> e.get("id")).toList()).isEqualTo(expected);
    assertThat(stream.events().get(0)).isEqualTo(Map.of("retry", "2000"));
  }

  @Test
  void reconnectWithLastEventId_replaysOnlyTheClicksAfterIt_orAllWhenItIsGone() throws Exception {
    JsonNode link = link(acme, Fixtures.PHONE_ID, "wamid.L1");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(click(link, TestServer.BROWSER));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.queryLong("SELECT COUNT(*) FROM clicks") == 5);
    String url = server.baseUrl() + LiveClickStream.PATH;

    SseClient resumed = SseClient.open(url, acme.token(), Map.of("Last-Event-ID", ids.get(2)));
    clients.add(resumed);
    SseClient unknown = SseClient.open(url, acme.token(), Map.of("Last-Event-ID", "gone"));
    clients.add(unknown);
    String next = click(link, TestServer.BROWSER);

    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.clicks().size() == 3);
    assertThat(resumed.clicks().stream().map(e -> e.get("id")).toList())
        .containsExactly(ids.get(3), ids.get(4), next);
    await().atMost(Duration.ofSeconds(10)).until(() -> unknown.clicks().size() == 6);
    assertThat(unknown.clicks().get(0).get("id")).isEqualTo(ids.get(0));
  }

  @Test
  void otherAccountsClicks_neverReachTheStream() {
    JsonNode mine = link(acme, Fixtures.PHONE_ID, "wamid.A");
    JsonNode theirs = link(beta, "777", "wamid.B");
    click(theirs, TestServer.BROWSER);
    SseClient stream = connect(acme.token());
    SseClient other = connect(beta.token());
    click(theirs, TestServer.BROWSER);
    String id = click(mine, TestServer.BROWSER);

    await().atMost(Duration.ofSeconds(10)).until(() -> other.clicks().size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 1);
    assertThat(stream.clicks().get(0).get("id")).isEqualTo(id);
  }

  @Test
  void accessTokenParameter_opensTheStream() {
    JsonNode link = link(acme, Fixtures.PHONE_ID, "wamid.L1");
    SseClient stream =
        connectTo(server.baseUrl() + LiveClickStream.PATH + "?access_token=" + acme.token(), null);
    String id = click(link, TestServer.BROWSER);

    assertThat(stream.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.clicks().size() == 1);
    assertThat(stream.clicks().get(0).get("id")).isEqualTo(id);
  }

  @Test
  void missingUnknownOrAdminToken_isRefusedInTheGraphShape() {
    assertError(connect(null), 401, 190, "access token");
    assertError(connect("nope"), 401, 190, "access token");
    assertError(
        connectTo(server.baseUrl() + LiveClickStream.PATH + "?access_token=nope", null),
        401,
        190,
        "access token");
    assertError(connect(server.adminToken()), 403, 200, "account token");
  }

  @Test
  void otherMethodsAndPaths_areRefusedInTheGraphShape() {
    TestServer.Response post = server.post(LiveClickStream.PATH, acme.token(), "{}");
    TestServer.assertGraphError(post, 400, 100, "POST");
    assertThat(post.header("Allow")).isEqualTo("GET");
    TestServer.assertGraphError(
        server.get(LiveClickStream.PATH + "/more", acme.token()), 404, 803, "unknown path");
  }

  @Test
  void seventeenthStreamOfAnAccount_endsItsOldest_andOtherAccountsAreUntouched() {
    List<SseClient> first = new ArrayList<>();
    for (int i = 0; i < LiveClicks.MAX_STREAMS_PER_ACCOUNT; i++) {
      first.add(connect(acme.token()));
    }
    SseClient other = connect(beta.token());

    SseClient newest = connect(acme.token());

    assertThat(newest.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.get(0).ended());
    assertThat(first.subList(1, first.size())).noneMatch(SseClient::ended);
    assertThat(other.ended()).isFalse();
  }

  @Test
  void serverClose_endsOpenStreams() {
    SseClient first = connect(acme.token());
    SseClient second = connect(beta.token());
    await().atMost(Duration.ofSeconds(10)).until(() -> !first.events().isEmpty());

    server.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> first.ended() && second.ended());
  }

  private static void assertError(SseClient c, int status, int code, String mentions) {
    assertThat(c.status()).isEqualTo(status);
    assertThat(c.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    String body = c.body();
    assertThat(TestServer.graphErrorProblems(status, body)).isEmpty();
    try {
      JsonNode error = TestServer.JSON.readTree(body).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(code);
      assertThat(error.get("message").asText()).contains(mentions);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
