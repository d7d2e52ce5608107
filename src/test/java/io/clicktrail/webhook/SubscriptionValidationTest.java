package io.clicktrail.webhook;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static io.clicktrail.webhook.WebhookApi.body;
import static io.clicktrail.webhook.WebhookApi.id;
import static io.clicktrail.webhook.WebhookApi.shown;
import static io.clicktrail.webhook.WebhookApi.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and invalid input to {@code /v1/webhooks}: every one is a 400 in the Graph error shape
 * that creates or changes nothing and sends the receiver nothing; private addresses refused without
 * contact; the delivery log and replay, with their parameter checks.
 */
class SubscriptionValidationTest {
  private static final String MESSAGE_ID = "18ac281f237c934b";

  @TempDir Path dir;
  TestServer server;
  WebhookApi api;
  TestServer.Account acme;
  WebhookReceiver receiver;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            dir, Map.of("webhook-allow-private", "true", "webhook-retry-schedule", "100ms"));
    api = new WebhookApi(server);
    acme = server.createAccount("102290129340398", "Acme");
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  /**
   * Create bodies, with {@code {url}} standing for a live receiver URL and {@code {port}} its port.
   */
  static Stream<Arguments> hostileCreateBodies() {
    String ok = "\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[\"opened\"]";
    return Stream.of(
        hostile("", "JSON"),
        hostile("{", "malformed JSON"),
        hostile("not json", "malformed JSON"),
        hostile("[]", "JSON object"),
        hostile("null", "JSON object"),
        hostile("\"{url}\"", "JSON object"),
        hostile("{" + ok + "} {}", ""),
        hostile("{" + ok + ",\"url\":\"{url}\"}", "url"),
        hostile("{" + ok + ",\"secret\":\"0123\"}", "secret"),
        hostile("{" + ok + ",\"status\":\"active\"}", "status"),
        hostile("{" + ok + ",\"id\":\"sub_mine\"}", "id"),
        hostile("{" + ok + ",\"callback\":\"x\"}", "callback"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":\"opened\"}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":{\"opened\":1}}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[null]}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[\"opened\",null]}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[1]}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[]}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":null}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\"}", "events"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[\"clicked\"]}", "clicked"),
        hostile("{\"url\":\"{url}\",\"format\":\"nylas\",\"events\":[\"status\"]}", "status"),
        hostile("{\"url\":\"{url}\",\"format\":\"whatsapp\",\"events\":[\"opened\"]}", "opened"),
        hostile("{\"url\":\"{url}\",\"events\":[\"opened\"]}", "format"),
        hostile("{\"url\":\"{url}\",\"format\":\"slack\",\"events\":[\"opened\"]}", "slack"),
        hostile("{\"url\":\"{url}\",\"format\":\"NYLAS\",\"events\":[\"opened\"]}", "format"),
        hostile("{\"url\":\"{url}\",\"format\":7,\"events\":[\"opened\"]}", "format"),
        hostile("{\"url\":\"{url}\",\"format\":[\"nylas\"],\"events\":[\"opened\"]}", "format"),
        hostile("{\"format\":\"nylas\",\"events\":[\"opened\"]}", "url"),
        hostile("{\"url\":null,\"format\":\"nylas\",\"events\":[\"opened\"]}", "url"),
        hostile("{\"url\":\"\",\"format\":\"nylas\",\"events\":[\"opened\"]}", "url"),
        hostile("{\"url\":8080,\"format\":\"nylas\",\"events\":[\"opened\"]}", "url"),
        hostile("{" + ok + ",\"description\":\"" + "d".repeat(10_000) + "\"}", "description"),
        hostile("{" + ok + ",\"description\":\"" + "d".repeat(501) + "\"}", "description"),
        hostile("{" + ok + ",\"description\":5}", "description"),
        hostile("{" + ok + ",\"description\":{\"text\":\"x\"}}", "description"),
        badUrl("ftp://127.0.0.1:{port}/hooks"),
        badUrl("javascript:alert(1)"),
        badUrl("file:///etc/passwd"),
        badUrl("data:text/plain,hi"),
        badUrl("127.0.0.1:{port}/hooks"),
        badUrl("//127.0.0.1:{port}/hooks"),
        badUrl("/hooks"),
        badUrl("http:///hooks"),
        badUrl("http://user:secret@127.0.0.1:{port}/hooks"),
        badUrl("http://user@127.0.0.1:{port}/hooks"),
        badUrl("http://127.0.0.1:{port}@127.0.0.1:{port}/hooks"),
        badUrl("http://127.0.0.1:{port}/hooks?" + "a".repeat(5_000)),
        badUrl("http://127.0.0.1:{port}/ho oks"),
        badUrl("http://127.0.0.1:0/hooks"),
        badUrl("http://127.0.0.1:70000/hooks"),
        badUrl("http://0177.0.0.1:{port}/hooks"));
  }

  private static Arguments hostile(String json, String mentions) {
    return Arguments.of(json, mentions);
  }

  private static Arguments badUrl(String url) {
    return hostile("{\"url\":\"" + url + "\",\"format\":\"nylas\",\"events\":[\"opened\"]}", "url");
  }

  @ParameterizedTest
  @MethodSource("hostileCreateBodies")
  void create_hostileBody_400GraphErrorAndNothingCreatedOrContacted(String json, String mentions) {
    String body = json.replace("{url}", receiver.url("/hooks")).replace("{port}", port());

    TestServer.Response r = api.create(acme.token(), body);

    assertGraphError(r, 400, 100, mentions);
    assertThat(r.body()).doesNotContain("secret@").doesNotContain("user:secret");
    assertThat(receiver.requests()).isEmpty();
    assertThat(api.ids(acme)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://user:hunter2@127.0.0.1/hooks",
        "javascript://user:hunter2@127.0.0.1/%0aalert(1)",
        "http://user:hunter2@127.0.0.1/ho oks",
        "http://user:hunter2@127.0.0.1:99999/hooks"
      })
  void create_urlWithPasswordRefused_passwordNotEchoed(String url) {
    TestServer.Response r = api.create(acme.token(), body(url, "nylas", List.of("opened")));

    assertGraphError(r, 400, 100, "url");
    assertThat(r.body()).doesNotContain("hunter2");
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void create_descriptionOf500Characters_created() {
    Map<String, Object> body = body(receiver.url("/hooks"), "nylas", List.of("opened"));
    body.put("description", "é".repeat(500));

    JsonNode created = api.subscribe(acme, body);

    assertThat(created.get("description").asText()).isEqualTo("é".repeat(500));
  }

  @Test
  void create_repeatedEvent_storedOnce() {
    JsonNode created =
        api.subscribe(
            acme, receiver.url("/hooks"), "cloudevents", List.of("status", "opened", "status"));

    assertThat(texts(api.get(acme, id(created)).get("events"))).containsExactly("status", "opened");
  }

  @Test
  void create_privateTargetsWithoutAllowPrivate_400AndReceiverNeverContacted() {
    String port = port();
    List<String> refused =
        Stream.of(
                "http://127.0.0.1:{port}/hooks",
                "http://localhost:{port}/hooks",
                "http://2130706433:{port}/hooks",
                "http://0177.0.0.1:{port}/hooks",
                "http://[::1]:{port}/hooks",
                "http://0x7f000001:{port}/hooks",
                "http://127.1:{port}/hooks",
                "http://0.0.0.0:{port}/hooks",
                "http://[::ffff:127.0.0.1]:{port}/hooks",
                "http://[64:ff9b::7f00:1]:{port}/hooks",
                "http://[2002:7f00:1::]:{port}/hooks",
                "https://10.0.0.1/hooks",
                "http://172.16.5.4/hooks",
                "http://192.168.1.1/hooks",
                "http://100.64.0.1/hooks",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00::1]/hooks",
                "http://[fe80::1]/hooks",
                "http://224.0.0.1/hooks")
            .map(u -> u.replace("{port}", port))
            .toList();
    try (TestServer strict = TestServer.start(dir.resolve("strict"))) {
      WebhookApi strictApi = new WebhookApi(strict);
      TestServer.Account account = strict.createAccount("102290129340398", "Acme");
      for (String url : refused) {
        for (String format : List.of("whatsapp", "nylas", "cloudevents")) {
          TestServer.Response r =
              strictApi.create(account.token(), body(url, format, WebhookApi.eventsOf(format)));
          assertThat(r.status()).as(format + " " + url + ": " + r.body()).isEqualTo(400);
          assertGraphError(r, 400, 100, "url");
        }
      }
      assertThat(receiver.requests()).isEmpty();
      assertThat(strictApi.ids(account)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"format\":\"cloudevents\"}",
        "{\"secret\":\"0000\"}",
        "{\"id\":\"sub_other\"}",
        "{\"url\":\"ftp://127.0.0.1/hooks\"}",
        "{\"url\":\"javascript:alert(1)\"}",
        "{\"url\":\"http://u:p@127.0.0.1/hooks\"}",
        "{\"url\":7}",
        "{\"events\":[]}",
        "{\"events\":\"opened\"}",
        "{\"events\":[null]}",
        "{\"events\":[\"status\"]}",
        "{\"description\":7}",
        "{\"status\":\"failed\"}",
        "{\"status\":true}",
        "{\"status\":null,\"status\":\"paused\"}",
        "{\"description\":\"ok\",\"color\":\"red\"}",
        "{\"description\":\"ok\",\"events\":[\"status\"]}",
        "[]",
        "\"paused\"",
        "{",
        ""
      })
  void patch_hostileBody_400AndNothingChanged(String json) {
    Map<String, Object> body = body(receiver.url("/hooks"), "nylas", List.of("opened"));
    body.put("description", "original");
    JsonNode created = api.subscribe(acme, body);

    TestServer.Response r = api.patch(acme.token(), id(created), json);

    assertGraphError(r, 400, 100, "");
    assertThat(api.get(acme, id(created))).isEqualTo(shown(created));
    assertThat(receiver.requests()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "limit=ten", "after=%25%25%25"})
  void list_badPagingParameter_400(String query) {
    assertGraphError(server.get("/v1/webhooks?" + query, acme.token()), 400, 100, "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status=bogus",
        "status=FAILED",
        "status=",
        "status=failing",
        "limit=0",
        "limit=1001",
        "limit=x",
        "after=%25%25",
        "after=YWJj"
      })
  void deliveries_badQuery_400(String query) {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("opened")));

    TestServer.Response r = server.get("/v1/webhooks/" + id + "/deliveries?" + query, acme.token());

    assertGraphError(r, 400, 100, query.substring(0, query.indexOf('=')));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "status=pending", "status=delivered", "status=failed&limit=1000"})
  void deliveries_newSubscription_emptyPage(String query) {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("opened")));

    TestServer.Response r = server.get("/v1/webhooks/" + id + "/deliveries?" + query, acme.token());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("data").size()).isZero();
    assertThat(r.json().path("paging").path("cursors").has("after")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"since\":null}",
        "{\"since\":\"1700000000\"}",
        "{\"since\":-1}",
        "{\"since\":1.5}",
        "{\"since\":true}",
        "{\"since\":[0]}",
        "{\"since\":253402300800}",
        "{\"since\":99999999999999999999}",
        "{\"since\":0,\"until\":10}",
        "[]",
        "0",
        "{",
        ""
      })
  void replay_badBody_400(String json) {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("opened")));

    TestServer.Response r = api.send("POST", "/v1/webhooks/" + id + "/replay", acme.token(), json);

    assertGraphError(r, 400, 100, "");
  }

  @Test
  void replay_nothingFailed_replayedZero() {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("opened")));

    TestServer.Response r =
        server.post("/v1/webhooks/" + id + "/replay", acme.token(), Map.of("since", 0));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(TestServer.JSON.createObjectNode().put("replayed", 0));
  }

  @Test
  void deliveries_loneClick_attemptedWithoutAnyOtherWakeUp() {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("link_clicked")));

    click(registerMessage());

    JsonNode delivered =
        awaitOnly("/v1/webhooks/" + id + "/deliveries?status=delivered", d -> true);
    assertThat(delivered.at("/attempts/0/http_status").asInt()).isEqualTo(200);
    assertThat(receiver.posts()).hasSize(1);
  }

  @Test
  void deliveries_failedThenReplayed_loggedWithEveryAttemptAndSameWebhookId() {
    receiver.otherwise(
        WebhookReceiver.Answer.status(500).withBody("down".getBytes(StandardCharsets.UTF_8)));
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("link_clicked")));
    String path = "/v1/webhooks/" + id + "/deliveries";
    long before = Instant.now().getEpochSecond();
    click(registerMessage());

    JsonNode failed = awaitOnly(path + "?status=failed", d -> d.get("attempts").size() == 2);
    assertThat(failed.get("event").asText()).isEqualTo("link_clicked");
    assertThat(failed.get("subject").asText()).isEqualTo(MESSAGE_ID);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("created_time").asLong()).isGreaterThanOrEqualTo(before);
    assertThat(failed.get("next_attempt_time").isNull()).isTrue();
    for (int i = 0; i < 2; i++) {
      JsonNode attempt = failed.get("attempts").get(i);
      assertThat(attempt.get("attempt").asInt()).isEqualTo(i + 1);
      assertThat(attempt.get("succeeded").asBoolean()).isFalse();
      assertThat(attempt.get("http_status").asInt()).isEqualTo(500);
      assertThat(attempt.get("response_body").asText()).isEqualTo("down");
      assertThat(attempt.get("latency_ms").asLong()).isNotNegative();
    }
    assertThat(data(path + "?status=delivered")).isEmpty();
    assertThat(data(path + "?status=pending")).isEmpty();
    long later = Instant.now().getEpochSecond() + 3600;
    assertThat(replay(id, later)).isZero();
    assertThat(data(path + "?status=failed")).hasSize(1);

    receiver.otherwise(WebhookReceiver.Answer.status(200));
    assertThat(replay(id, 0)).isEqualTo(1);

    JsonNode delivered = awaitOnly(path + "?status=delivered", d -> true);
    String webhookId = failed.get("webhook_id").asText();
    assertThat(delivered.get("webhook_id").asText()).isEqualTo(webhookId);
    JsonNode third = delivered.get("attempts").get(2);
    assertThat(delivered.get("attempts").size()).isEqualTo(3);
    assertThat(third.get("succeeded").asBoolean()).isTrue();
    assertThat(third.get("http_status").asInt()).isEqualTo(200);
    assertThat(third.get("error").isNull()).isTrue();
    assertThat(data(path + "?status=failed")).isEmpty();
    assertThat(receiver.posts()).hasSize(3);
    assertThat(receiver.posts())
        .allSatisfy(p -> assertThat(json(p.body()).get("id").asText()).isEqualTo(webhookId));
  }

  @Test
  void deliveries_walkedOneAtATime_newestFirstEachOnce() {
    String id = id(api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("link_clicked")));
    String tracked = registerMessage();
    for (int i = 0; i < 3; i++) {
      click(tracked);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.posts().size() == 3);
    String path = "/v1/webhooks/" + id + "/deliveries?status=delivered&limit=1";
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.pages(path, acme.token()).size() == 3);

    List<JsonNode> deliveries = new ArrayList<>();
    server.pages(path, acme.token()).forEach(p -> p.get("data").forEach(deliveries::add));

    assertThat(deliveries).hasSize(3);
    assertThat(deliveries.stream().map(d -> d.get("webhook_id").asText())).doesNotHaveDuplicates();
    List<Integer> clickCounts =
        deliveries.stream()
            .map(d -> webhookBody(d.get("webhook_id").asText()).at("/data/object/recents").size())
            .toList();
    assertThat(clickCounts).containsExactly(3, 2, 1);
  }

  private String registerMessage() {
    JsonNode registered =
        server.registerMessage(
            acme,
            Map.of(
                "message_id", MESSAGE_ID,
                "channel", "email",
                "grant_id", "grant_1",
                "recipient", "ana@example.com",
                "label", "Hey",
                "html", "<a href=\"https://www.example.com\">shop</a>"));
    return registered.get("links").get(0).get("tracked_url").asText();
  }

  private void click(String tracked) {
    assertThat(server.click(tracked, TestServer.BROWSER).status()).isEqualTo(302);
  }

  private JsonNode webhookBody(String webhookId) {
    return receiver.posts().stream()
        .map(p -> json(p.body()))
        .filter(b -> b.get("id").asText().equals(webhookId))
        .findFirst()
        .orElseThrow();
  }

  private int replay(String id, long since) {
    TestServer.Response r =
        server.post("/v1/webhooks/" + id + "/replay", acme.token(), Map.of("since", since));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("replayed").asInt();
  }

  private List<JsonNode> data(String path) {
    TestServer.Response r = server.get(path, acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("data").forEach(out::add);
    return out;
  }

  /** Waits until {@code path} lists exactly one delivery that satisfies {@code done}. */
  private JsonNode awaitOnly(String path, Predicate<JsonNode> done) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> data(path), d -> d.size() == 1 && done.test(d.getFirst()))
        .getFirst();
  }

  private String port() {
    String url = receiver.url("");
    return url.substring(url.lastIndexOf(':') + 1);
  }

  private static JsonNode json(byte[] body) {
    try {
      return TestServer.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
