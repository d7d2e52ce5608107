package io.clicktrail.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Hostile request lines, paths, methods and headers, sent byte for byte over a socket. One server
 * serves every case: each case asserts that it wrote nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestTest {
  @TempDir static Path dir;
  TestServer server;
  TestServer.Account acme;
  Map<String, Long> counts;

  @BeforeAll
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, "106540352242922", "15550783881");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void snapshot() {
    counts = server.rowCounts();
  }

  /** 4xx, JSON in the Graph error shape, no leaked internals, nothing written. */
  private TestServer.RawResponse assertRejected(TestServer.RawResponse r) {
    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertThat(r.header("Content-Type")).as(r.body()).startsWith("application/json");
    assertThat(TestServer.graphErrorProblems(r.status(), r.body())).isEmpty();
    assertThat(server.rowCounts()).isEqualTo(counts);
    return r;
  }

  private TestServer.RawResponse request(String requestLine, String... headers) {
    StringBuilder head = new StringBuilder(requestLine);
    for (String h : headers) {
      head.append("\r\n").append(h);
    }
    return server.raw(head.toString(), null);
  }

  private TestServer.RawResponse get(String target) {
    return request("GET " + target + " HTTP/1.1", "Authorization: Bearer " + acme.token());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nope",
        "/v1/nope",
        "/v1/messages/a/b",
        "/v1",
        "/v1/",
        "/c",
        "/o",
        "/v1/templates/x/y",
        "/v2/messages",
        "/v1/messages;x=1/abc",
        "/.env",
        "/v1/../etc/passwd"
      })
  void unknownPath_returns404Code803(String target) {
    var r = assertRejected(get(target));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("\"code\":803");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE /v1/messages",
        "PUT /v1/messages",
        "PATCH /v1/accounts",
        "BREW /v1/messages",
        "GET /v1/messages:batch",
        "DELETE /v1/templates/x",
        "OPTIONS /v1/clicks",
        "TRACE /v1/messages",
        "CONNECT /v1/messages",
        "POST /v1/clicks",
        "M-SEARCH /v1/accounts"
      })
  void unsupportedMethod_returns4xx(String methodAndPath) {
    assertRejected(request(methodAndPath + " HTTP/1.1", "Authorization: Bearer " + acme.token()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/messages/%00",
        "//v1//messages",
        "/v1/messages/%2e%2e/%2e%2e/etc/passwd",
        "/../../etc/passwd",
        "/v1/messages/..%2F..%2Fetc%2Fpasswd",
        "/v1/messages/%",
        "/v1/messages/%zz",
        "/v1/messages/%FF",
        "/v1/messages/%C0%80",
        "/v1/messages/%ED%A0%80",
        "/v1/messages/a%2Fb",
        "/v1/messages/%5C..%5C",
        "/v1/clicks?limit=%",
        "/v1/clicks?%FF=1",
        "/v1/clicks?limit=%00",
        "/v1/clicks?since=%FF",
        "/v1/tracking/%",
        "/c/%",
        "/c/%FF",
        "/o/%00",
        "/v1/messages/\u007f",
        "*",
        "http://evil.example/v1/messages/x",
        "/v1/messages/x#frag"
      })
  void garbagePath_returns4xx(String target) {
    assertRejected(get(target));
  }

  /**
   * Jetty closes the connection after a request it refuses before routing; the answer says so, so
   * that a keep-alive client (here the JDK's) opens a new connection for its next request.
   */
  @Test
  void requestRefusedBeforeRouting_closesTheConnection_andTheNextRequestIsServed() {
    TestServer.Response refused = server.get("/v1/me%00..", acme.token());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(TestServer.graphErrorProblems(refused.status(), refused.body())).isEmpty();
    assertThat(refused.raw().headers().firstValue("Connection")).hasValue("close");
    assertThat(server.get("/v1/me", acme.token()).status()).isEqualTo(200);
  }

  @Test
  void rootWithAnotherMethod_isAnUnsupportedMethodNamingGetAndHead() {
    var r = assertRejected(request("OPTIONS / HTTP/1.1"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("allowed: GET, HEAD");
  }

  @Test
  void veryLongPath_returns4xx() {
    assertRejected(get("/v1/messages/" + "a".repeat(10_000)));
    assertRejected(get("/" + "a/".repeat(5_000)));
    assertRejected(get("/v1/clicks?limit=" + "9".repeat(10_000)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/templates HTTP/9.9",
        "GET /v1/templates",
        "GET  HTTP/1.1",
        "GET /v1/templates HTTP/1.1 extra",
        "get /v1/templates HTTP/1.1",
        "\u0000 / HTTP/1.1",
        "GET /v1/temp\u0000lates HTTP/1.1",
        "GET /v1/templates HTTP/1.1\r\nBad Header"
      })
  void garbageRequestLine_returns4xx(String requestLine) {
    assertRejected(request(requestLine, "Authorization: Bearer " + acme.token()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer",
        "Bearer ",
        "Bearer  ",
        "bearer",
        "Bearer a b c",
        "Bearer \u00e9\u00ff",
        "Bearer \"'<>\\",
        "Token abc",
        "Basic dGVzdDp0ZXN0",
        "Bearer null",
        "Bearer ct_",
        "Bearer %00",
        "Bearer \u0001",
        "Bearer ct_\u0000abc",
        "\u00ff\u00fe",
        "Bearer ct_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void garbageAuthorization_returns401Code190(String header) {
    var r = assertRejected(request("GET /v1/templates HTTP/1.1", "Authorization: " + header));

    // control characters make the header itself malformed, which is answered before auth
    boolean malformed = header.chars().anyMatch(c -> c < 0x20);
    assertThat(r.status()).isEqualTo(malformed ? 400 : 401);
  }

  @Test
  void overlongOrRepeatedAuthorization_returns401() {
    assertThat(
            assertRejected(
                    request(
                        "GET /v1/templates HTTP/1.1", "Authorization: Bearer " + "x".repeat(6_000)))
                .status())
        .isEqualTo(401);
    assertThat(
            assertRejected(
                    request(
                        "GET /v1/templates HTTP/1.1",
                        "Authorization: Bearer x",
                        "Authorization: Bearer " + acme.token()))
                .status())
        .isEqualTo(401);
    assertThat(assertRejected(request("GET /v1/templates?access_token= HTTP/1.1")).status())
        .isEqualTo(401);
    var undecodable = assertRejected(request("GET /v1/templates?access_token=%FF%FE HTTP/1.1"));
    assertThat(undecodable.status()).isEqualTo(400);
    assertThat(undecodable.body()).contains("malformed query string");
  }

  @Test
  void adminTokenOnAccountApi_returns403Code200() {
    var r = request("GET /v1/templates HTTP/1.1", "Authorization: Bearer " + server.adminToken());

    assertThat(assertRejected(r).status()).isEqualTo(403);
  }

  @Test
  void oneMegabyteHeader_returns431() {
    var big =
        request(
            "GET /v1/templates HTTP/1.1",
            "Authorization: Bearer " + acme.token(),
            "X-Big: " + "a".repeat(1 << 20));
    var bigAuth =
        request("GET /v1/templates HTTP/1.1", "Authorization: Bearer " + "a".repeat(1 << 20));
    String[] many = new String[10_000];
    for (int i = 0; i < many.length; i++) {
      many[i] = "X-H" + i + ": v";
    }

    assertThat(assertRejected(big).status()).isEqualTo(431);
    assertThat(assertRejected(bigAuth).status()).isEqualTo(431);
    assertThat(assertRejected(request("GET /v1/templates HTTP/1.1", many)).status()).isEqualTo(431);
  }

  @Test
  void hostileBodyWithBadContentLength_returns4xx() {
    byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    String auth = "Authorization: Bearer " + server.adminToken();

    assertRejected(
        server.raw("POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nContent-Length: -1", null));
    assertRejected(
        server.raw("POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nContent-Length: abc", null));
    assertRejected(
        server.raw(
            "POST /v1/accounts HTTP/1.1\r\n"
                + auth
                + "\r\nTransfer-Encoding: chunked\r\nContent-Length: 5",
            body));
    assertRejected(
        server.raw(
            "POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nContent-Length: 99999999999999999999",
            null));
    assertRejected(
        server.raw(
            "POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nTransfer-Encoding: gzip, chunked",
            "c\r\n{\"name\":\"x\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    assertRejected(
        server.raw("POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nTransfer-Encoding: gzip", body));
    assertRejected(
        server.raw("POST /v1/accounts HTTP/1.1\r\n" + auth + "\r\nExpect: 200-ok", body));
  }
}
