package io.clicktrail.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies over 1 MiB get 413 in the error shape, declared or chunked, on every route. One
 * server serves every case: each case asserts that it wrote nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyLimitTest {
  private static final int MIB = 1 << 20;

  @TempDir static Path dir;
  TestServer server;
  TestServer.Account acme;
  Map<String, Long> counts;

  @BeforeAll
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void snapshot() {
    counts = server.rowCounts();
  }

  private String token(String path) {
    return path.startsWith("/v1/accounts") ? server.adminToken() : acme.token();
  }

  private void assertTooLarge(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(TestServer.graphErrorProblems(413, r.body())).isEmpty();
    assertThat(r.json().get("error").get("message").asText()).contains("1048576");
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /v1/messages",
        "POST /v1/messages:batch",
        "POST /v1/accounts",
        "PUT /v1/templates/x",
        "PUT /v1/phone_numbers/1",
        "POST /v1/accounts/102290129340398/tokens",
        "GET /v1/templates",
        "DELETE /v1/accounts/102290129340398/tokens/1"
      })
  void declaredBodyOver1MiB_returns413OnEveryRoute(String endpoint) {
    byte[] body = ("{\"text\":\"" + "a".repeat(2 * MIB) + "\"}").getBytes(StandardCharsets.UTF_8);
    String[] mp = endpoint.split(" ");

    assertTooLarge(server.send(mp[0], mp[1], token(mp[1]), body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /v1/messages",
        "POST /v1/messages:batch",
        "POST /v1/accounts",
        "PUT /v1/templates/x"
      })
  void chunkedBodyOver1MiB_returns413(String endpoint) {
    byte[] body = ("{\"text\":\"" + "a".repeat(2 * MIB) + "\"}").getBytes(StandardCharsets.UTF_8);

    assertTooLarge(chunked(endpoint, body));
  }

  /** Sends {@code body} without a declared length, as chunks. */
  private TestServer.Response chunked(String endpoint, byte[] body) {
    String[] mp = endpoint.split(" ");
    return server.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + mp[1]))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token(mp[1]))
            .method(
                mp[0],
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build());
  }

  /**
   * A route that fails before reading the body must not reset the connection under the client,
   * which would lose the answer (it used to, for about one request in ten).
   */
  @Test
  void unreadBodies_stillGetTheirAnswer() {
    byte[] allowed = new byte[900_000];
    byte[] tooLarge = new byte[3 << 20];
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      statuses.add(server.send("POST", "/v1/messages", null, allowed).status());
      statuses.add(server.send("POST", "/v1/messages", null, tooLarge).status());
      statuses.add(chunked("POST /v1/accounts", tooLarge).status());
    }

    assertThat(statuses).containsOnly(401, 413).filteredOn(s -> s == 401).hasSize(20);
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @Test
  void bodyOfExactly1MiB_isNotRejectedForSize() {
    String prefix =
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[],\"z\":\"";
    String body = prefix + "a".repeat(MIB - prefix.length() - 2) + "\"}";
    assertThat(body.length()).isEqualTo(MIB);

    var r = server.put("/v1/templates/x", acme.token(), body);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").get("message").asText()).isEqualTo("unknown field 'z'");
    assertThat(server.rowCounts()).isEqualTo(counts);
  }
}
