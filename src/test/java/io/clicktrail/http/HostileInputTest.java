package io.clicktrail.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies sent to the JSON APIs. One server serves every case: each case asserts that it
 * wrote nothing, so the cases stay independent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  static final String PHONE = "106540352242922";
  static final Map<String, String> VALID =
      Map.of(
          "message_id", "\"wamid.H\"",
          "phone_number_id", "\"" + PHONE + "\"",
          "recipient", "\"16505551234\"",
          "text", "\"hi https://a.example/\"");
  static final List<String> ENDPOINTS =
      List.of(
          "POST /v1/messages",
          "POST /v1/messages:batch",
          "POST /v1/accounts",
          "PUT /v1/templates/x",
          "PUT /v1/phone_numbers/1");

  @TempDir static Path dir;
  TestServer server;
  TestServer.Account acme;
  Map<String, Long> counts;

  @BeforeAll
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
    assertThat(
            server
                .post(
                    "/v1/messages",
                    acme.token(),
                    "{\"phone_number_id\":\""
                        + PHONE
                        + "\",\"recipient\":\"1555000111\",\"text\":\"https://x.example/\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void snapshot() {
    counts = server.rowCounts();
  }

  /** A message body: the valid one with {@code field} set to the raw JSON {@code value}. */
  static String message(String field, String value) {
    Map<String, String> fields = new LinkedHashMap<>(VALID);
    fields.put(field, value);
    List<String> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
    return "{" + String.join(",", parts) + "}";
  }

  private TestServer.Response send(String endpoint, byte[] body) {
    String[] mp = endpoint.split(" ");
    String token = mp[1].equals("/v1/accounts") ? server.adminToken() : acme.token();
    return server.send(mp[0], mp[1], token, body);
  }

  /** 4xx, the Graph error shape, no leaked internals, nothing written. */
  private void assertRejected(int status, String body) {
    assertThat(status).as(body).isBetween(400, 499);
    assertThat(TestServer.graphErrorProblems(status, body)).isEmpty();
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  private void assertRejected(TestServer.Response r, int status, String mentions) {
    assertRejected(r.status(), r.body());
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("error").get("message").asText()).contains(mentions);
  }

  @Test
  void baselineMessage_isAccepted() {
    var r = send("POST /v1/messages", message("message_id", "\"wamid.base\"").getBytes(UTF_8));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("message_id").asText()).isEqualTo("wamid.base");
  }

  static Stream<Arguments> malformedBodies() {
    List<String> bodies =
        List.of(
            "",
            " ",
            "{",
            "{\"message_id\":}",
            "{'a':1}",
            "nul",
            "{\"a\":1,}",
            "[]",
            "[{}]",
            "5",
            "-0.5e3",
            "\"x\"",
            "null",
            "true",
            "{}x",
            "{\"name\":\"a\"} {}",
            "{\"name\":\"a\",\"name\":\"b\"}",
            "{\"name\":NaN}",
            "{\"name\":\"a\",\"text\":-Infinity}",
            "{\"name\":'x'}",
            "{\"name\":01}",
            "{\"name\":\"a\\q\"}",
            "{\"name\":\"a\u0001\"}",
            "{name:\"a\"}",
            "{\"name\":\"a\"/*c*/}",
            "{\"name\":" + "1".repeat(2000) + "}",
            "{\"" + "n".repeat(60_000) + "\":1}",
            "{\"name\":\"a\"}]",
            "\u0000",
            "{\"\\ud800\":1}",
            "[".repeat(100_000) + "]".repeat(100_000),
            "{\"text\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
            "{\"messages\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
            "{\"name\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001));
    return ENDPOINTS.stream().flatMap(e -> bodies.stream().map(b -> Arguments.of(e, b)));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void malformedOrNonObjectJson_returns400(String endpoint, String body) {
    var r = send(endpoint, body.getBytes(UTF_8));

    assertRejected(r.status(), r.body());
    assertThat(r.status()).as(r.body()).isEqualTo(400);
  }

  static Stream<Arguments> invalidUtf8() {
    List<byte[]> bodies = new ArrayList<>();
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xff, (byte) 0xfe},
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0x80})) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes("{\"name\":\"a".getBytes(UTF_8));
      b.writeBytes(bad);
      b.writeBytes("\",\"text\":\"x\"}".getBytes(UTF_8));
      bodies.add(b.toByteArray());
      bodies.add(("{\"" + new String(bad, ISO_8859_1) + "\":1}").getBytes(ISO_8859_1));
    }
    return ENDPOINTS.stream().flatMap(e -> bodies.stream().map(b -> Arguments.of(e, b)));
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void invalidUtf8_returns400(String endpoint, byte[] body) {
    var r = send(endpoint, body);

    assertRejected(r.status(), r.body());
    assertThat(r.status()).as(r.body()).isEqualTo(400);
  }

  static Stream<Arguments> wrongTypes() {
    List<Arguments> cases = new ArrayList<>();
    for (String f :
        List.of(
            "message_id",
            "channel",
            "phone_number_id",
            "grant_id",
            "recipient",
            "template_id",
            "label",
            "product_id",
            "text",
            "html")) {
      for (String v :
          List.of("5", "-1.5", "true", "{}", "[]", "[\"a\"]", "1e400", "99999999999999999999")) {
        cases.add(Arguments.of(f, v, f));
      }
    }
    for (String v :
        List.of(
            "\"1750275000\"",
            "1750275000.5",
            "1.0",
            "true",
            "{}",
            "[]",
            "1e400",
            "99999999999999999999",
            "-1",
            "253402300800",
            "-9223372036854775808")) {
      cases.add(Arguments.of("sent_at", v, "sent_at"));
    }
    for (String v :
        List.of(
            "\"https://a.example/\"",
            "{}",
            "[5]",
            "[[]]",
            "[{}]",
            "5",
            "true",
            "[\"ftp://a.example/\"]",
            "[null]",
            "[\"" + "x".repeat(3000) + "\"]")) {
      cases.add(Arguments.of("cta_urls", v, "cta_urls"));
    }
    for (String v :
        List.of(
            "[]",
            "\"yes\"",
            "5",
            "true",
            "{\"links\":\"yes\"}",
            "{\"links\":1}",
            "{\"opens\":1.0}",
            "{\"opens\":[]}",
            "{\"clicks\":true}")) {
      cases.add(Arguments.of("tracking", v, "tracking"));
    }
    cases.add(Arguments.of("colour", "\"red\"", "colour"));
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void wrongTypeOrAbsurdValue_returns400NamingTheField(String field, String value, String named) {
    var r = send("POST /v1/messages", message(field, value).getBytes(UTF_8));

    assertRejected(r, 400, named);
  }

  @Test
  void wrongTypesInBatchEntries_failEachEntryAloneAndWriteNothing() {
    List<String> entries = new ArrayList<>();
    List<String> named = new ArrayList<>();
    wrongTypes()
        .forEach(
            a -> {
              entries.add(message((String) a.get()[0], (String) a.get()[1]));
              named.add((String) a.get()[2]);
            });

    var r =
        send(
            "POST /v1/messages:batch",
            ("{\"messages\":[" + String.join(",", entries) + "]}").getBytes(UTF_8));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    var results = r.json().get("results");
    assertThat(results).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      var error = results.get(i).get("error");
      assertThat(error).as(entries.get(i) + " → " + results.get(i)).isNotNull();
      assertThat(error.get("code").asInt()).isEqualTo(100);
      assertThat(error.get("message").asText()).as(entries.get(i)).contains(named.get(i));
    }
    assertThat(server.rowCounts()).isEqualTo(counts);
  }
}
