package io.clicktrail.message;

import static io.clicktrail.message.MessageApiTest.whatsapp;
import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /v1/tracking/{token}} and {@code GET /v1/clicks}. */
class ClickApiTest {
  private static final long T0 = 1_750_275_000_000L;

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(Instant.ofEpochMilli(T0));
  TestServer server;
  TestServer.Account acme;
  TestServer.Account beta;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of(), clock);
    acme = server.createAccount("102290129340398", "Acme");
    beta = server.createAccount("2", "Beta");
    server.phoneNumber(acme, "106540352242922", "15550783881");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode links(String id, String text) {
    var r = server.post("/v1/messages", acme.token(), whatsapp("message_id", id, "text", text));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("links");
  }

  private void click(JsonNode link, String userAgent) {
    assertThat(server.click(link.get("tracked_url").asText(), userAgent).status()).isEqualTo(302);
  }

  private void awaitClicks(long n) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.queryLong("SELECT COUNT(*) FROM clicks") == n);
  }

  @Test
  void trackingToken_resolvesToItsMessageAndLink() throws Exception {
    JsonNode links = links("wamid.T", "a https://a.example/x b https://b.example/y?q=1");
    String token = links.get(1).get("token").asText();

    var r = server.get("/v1/tracking/" + token, acme.token());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json())
        .isEqualTo(
            TestServer.JSON.readTree(
                "{\"tracking_token\":\""
                    + token
                    + "\",\"message_id\":\"wamid.T\",\"link_index\":\"1\",\"component\":\"body\","
                    + "\"url\":\"https://b.example/y?q=1\"}"));
  }

  @Test
  void forgedTrackingToken_returns404Code803() {
    String token = links("wamid.T", "https://a.example/").get(0).get("token").asText();
    char c = token.charAt(20);
    String forged = token.substring(0, 20) + (c == 'A' ? 'B' : 'A') + token.substring(21);

    assertGraphError(server.get("/v1/tracking/" + forged, acme.token()), 404, 803, "token");
    assertGraphError(server.get("/v1/tracking/x", acme.token()), 404, 803, "token");
    assertThat(server.click(server.baseUrl() + "/c/" + forged, TestServer.BROWSER).status())
        .isEqualTo(404);
  }

  @Test
  void trackingTokenOfAnotherAccount_returns403Code200() {
    String token = links("wamid.T", "https://a.example/").get(0).get("token").asText();

    assertGraphError(server.get("/v1/tracking/" + token, beta.token()), 403, 200, "account");
  }

  @Test
  void clicksPagedByTwo_walkEveryClickExactlyOnceOldestFirst() {
    JsonNode a = links("wamid.A", "https://a.example/0 https://a.example/1");
    JsonNode b = links("wamid.B", "https://b.example/0");
    List<String> expected = new ArrayList<>();
    for (JsonNode link : List.of(a.get(0), b.get(0), a.get(1), a.get(0), b.get(0))) {
      clock.advance(Duration.ofSeconds(1));
      click(link, TestServer.BROWSER);
      expected.add(link.get("url").asText());
    }
    click(a.get(1), "WhatsApp/2.23.20.0 A");
    expected.add("https://a.example/1");
    awaitClicks(6);

    List<JsonNode> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String path = "/v1/clicks?limit=2";
    while (path != null) {
      var r = server.get(path, acme.token());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().get("data").forEach(seen::add);
      sizes.add(r.json().get("data").size());
      JsonNode after = r.json().get("paging").get("cursors").get("after");
      path = after == null ? null : "/v1/clicks?limit=2&after=" + after.asText();
    }

    assertThat(sizes).containsExactly(2, 2, 2);
    assertThat(seen).extracting(c -> c.get("url").asText()).containsExactlyElementsOf(expected);
    assertThat(seen).extracting(c -> c.get("click_id").asText()).doesNotHaveDuplicates();
    JsonNode first = seen.get(0);
    assertThat(first.get("message_id").asText()).isEqualTo("wamid.A");
    assertThat(first.get("link_index").asText()).isEqualTo("0");
    assertThat(first.get("component").asText()).isEqualTo("body");
    assertThat(first.get("timestamp").asLong()).isEqualTo(T0 / 1000 + 1);
    assertThat(first.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(first.get("user_agent").asText()).isEqualTo(TestServer.BROWSER);
    assertThat(first.get("classification").asText()).isEqualTo("human");
    assertThat(first.get("click_id").asText()).matches("[A-Za-z0-9_-]{1,32}");
    assertThat(seen.get(5).get("classification").asText()).isEqualTo("bot");
  }

  @Test
  void clicks_filterByMessageAndSince() {
    JsonNode a = links("wamid.A", "https://a.example/0");
    JsonNode b = links("wamid.B", "https://b.example/0");
    click(a.get(0), TestServer.BROWSER);
    clock.advance(Duration.ofMinutes(1));
    click(b.get(0), TestServer.BROWSER);
    click(a.get(0), TestServer.BROWSER);
    awaitClicks(3);
    long later = T0 / 1000 + 60;

    assertThat(urls("/v1/clicks?since=" + later))
        .containsExactly("https://b.example/0", "https://a.example/0");
    assertThat(urls("/v1/clicks?since=" + (later + 1))).isEmpty();
    assertThat(urls("/v1/clicks?since=0")).hasSize(3);
    assertThat(urls("/v1/clicks?message_id=wamid.A")).hasSize(2);
    assertThat(urls("/v1/clicks?message_id=wamid.A&since=" + later)).hasSize(1);
    assertThat(server.get("/v1/clicks", beta.token()).json().get("data")).isEmpty();
  }

  private List<String> urls(String path) {
    var r = server.get(path, acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("paging").get("cursors").has("after")).isFalse();
    List<String> out = new ArrayList<>();
    r.json().get("data").forEach(c -> out.add(c.get("url").asText()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"limit=0", "limit=1001", "limit=x", "limit=-1", "limit=", "limit=99999999999"})
  void badLimit_returns400NamingIt(String query) {
    assertGraphError(server.get("/v1/clicks?" + query, acme.token()), 400, 100, "limit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"since=x|since", "since=-1|since", "after=%25%25|after", "after=eA|after"})
  void badSinceOrCursor_returns400NamingIt(String caseAndMention) {
    String[] parts = caseAndMention.split("\\|");

    assertGraphError(server.get("/v1/clicks?" + parts[0], acme.token()), 400, 100, parts[1]);
  }
}
