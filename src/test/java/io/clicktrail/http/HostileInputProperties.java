package io.clicktrail.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clicktrail.testing.SharedServer;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Arbitrary JSON-ish structures and arbitrary bytes sent to the JSON APIs never get a 5xx; every
 * answer that is not 2xx is the Graph error shape and wrote nothing. One server serves every try.
 */
class HostileInputProperties {
  private static final String PHONE = "106540352242922";
  private static final List<String> ENDPOINTS =
      List.of(
          "POST /v1/messages",
          "POST /v1/messages:batch",
          "POST /v1/accounts",
          "PUT /v1/templates/x");
  private static final List<String> MESSAGE_FIELDS =
      List.of(
          "message_id",
          "channel",
          "phone_number_id",
          "grant_id",
          "recipient",
          "template_id",
          "label",
          "product_id",
          "sent_at",
          "text",
          "html",
          "cta_urls",
          "tracking");

  /** Every field name any of the endpoints knows: the message fields and the others. */
  private static final List<String> KEYS =
      java.util.stream.Stream.concat(
              MESSAGE_FIELDS.stream(),
              java.util.stream.Stream.of(
                  "links",
                  "opens",
                  "messages",
                  "id",
                  "name",
                  "category",
                  "language",
                  "buttons",
                  "type",
                  "url"))
          .toList();

  private static final List<String> STRINGS =
      List.of(
          "",
          "https://a.example/p?q=1",
          "<a href=\"https://b.example/\">b</a>",
          "16505551234",
          PHONE,
          "whatsapp",
          "email",
          "EMAIL",
          "a@b.example",
          "MARKETING",
          "utility",
          "url",
          "quick_reply",
          "en_US",
          "x",
          "12345",
          "wamid.1",
          "t1",
          "\u0000",
          "\ud800",
          "é🎉");

  private static TestServer.Account acme;
  private static final SharedServer SHARED =
      new SharedServer(
          "hostile-properties",
          s -> {
            acme = s.createAccount("102290129340398", "Acme");
            s.phoneNumber(acme, PHONE, "15550783881");
            s.post("/102290129340398?is_enabled_for_insights=true", acme.token(), null);
            s.put(
                "/v1/templates/t1",
                acme.token(),
                "{\"name\":\"t\",\"category\":\"UTILITY\","
                    + "\"language\":\"en\",\"buttons\":[{\"type\":\"url\",\"text\":\"a\",\"url\":"
                    + "\"https://a.example/\"}]}");
          });

  private static TestServer server() {
    return SHARED.get();
  }

  @AfterContainer
  static void stop() throws IOException {
    SHARED.close();
  }

  @Property(tries = 200)
  void arbitraryJson_neverGets5xx(
      @ForAll("endpoints") String endpoint, @ForAll("jsonish") Object body) throws Exception {
    check(endpoint, TestServer.JSON.writeValueAsBytes(body));
  }

  @Property(tries = 200)
  void mostlyValidMessages_neverGet5xx(@ForAll("messageLike") Map<String, Object> message)
      throws Exception {
    Statistics.label("status").collect(check("POST /v1/messages", json(message)));
    Statistics.label("status")
        .coverage(
            c -> {
              c.check(201).percentage(p -> p >= 10);
              c.check(400).percentage(p -> p >= 10);
            });
  }

  @Property(tries = 100)
  void mostlyValidBatches_neverGet5xx(@ForAll("batchLike") List<Map<String, Object>> messages)
      throws Exception {
    check("POST /v1/messages:batch", json(Map.of("messages", messages)));
  }

  @Property(tries = 200)
  void arbitraryBytes_neverGet5xx(
      @ForAll("endpoints") String endpoint, @ForAll("bytes") byte[] body) {
    check(endpoint, body);
  }

  /** The Graph analytics paths with arbitrary field expressions: a 200 or a 400, never more. */
  @Property(tries = 300)
  void arbitraryFieldExpressions_get200Or400(@ForAll("fieldExpressions") String fields) {
    TestServer s = server();
    for (String path : List.of("/102290129340398", "/102290129340398/template_analytics")) {
      String query =
          (path.endsWith("template_analytics") ? "?template_ids=" : "?fields=")
              + java.net.URLEncoder.encode(fields, StandardCharsets.UTF_8);
      var r = s.get(path + query, acme.token());
      assertThat(r.status()).as("%s %s → %s", path, fields, r.body()).isIn(200, 400);
      if (r.status() != 200) {
        assertThat(TestServer.graphErrorProblems(r.status(), r.body(), fields))
            .as(fields)
            .isEmpty();
      }
    }
  }

  /** Found by the property above: the 400 quotes the client's own Java-looking text. */
  @Example
  void fieldExpressionQuotingJavaLikeText_getsA400InTheGraphShape() {
    arbitraryFieldExpressions_get200Or400(".start(DAY.start()");
  }

  @Provide
  Arbitrary<String> fieldExpressions() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "analytics",
            "pricing_analytics",
            "conversation_analytics",
            "id",
            ".start(",
            ".end(",
            ".granularity(",
            ".dimensions(",
            ".phone_numbers(",
            "1543543200",
            "1544148000",
            "-1",
            "99999999999999999999",
            "DAY",
            "MONTHLY",
            "HALF_HOUR",
            "[",
            "]",
            "(",
            ")",
            "\"US\"",
            "[\"COUNTRY\",\"PHONE\"]",
            ",",
            " ",
            "%2",
            "%28",
            "\u0000",
            "é");
    return pieces.list().ofMaxSize(14).map(l -> String.join("", l));
  }

  private static byte[] json(Object value) throws JsonProcessingException {
    return TestServer.JSON.writeValueAsBytes(value);
  }

  /** Sends one body and checks the answer and the store; returns the status. */
  private static int check(String endpoint, byte[] body) {
    TestServer s = server();
    String[] mp = endpoint.split(" ");
    String token = mp[1].equals("/v1/accounts") ? s.adminToken() : acme.token();
    Map<String, Long> before = s.rowCounts();

    var r = s.send(mp[0], mp[1], token, body);

    String sent = new String(body, StandardCharsets.UTF_8);
    assertThat(r.status()).as("%s %s → %s", endpoint, sent, r.body()).isBetween(200, 499);
    if (r.status() >= 300) {
      assertThat(TestServer.graphErrorProblems(r.status(), r.body())).as(sent).isEmpty();
      assertThat(s.rowCounts()).as(sent).isEqualTo(before);
    }
    return r.status();
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Arbitraries.of(ENDPOINTS);
  }

  @Provide
  Arbitrary<Object> jsonish() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, object(3).map(m -> (Object) m)), Tuple.of(1, value(3)));
  }

  /** A valid message with zero to two of its fields replaced by arbitrary values or removed. */
  @Provide
  Arbitrary<Map<String, Object>> messageLike() {
    Arbitrary<Tuple.Tuple2<String, Object>> change =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.of(MESSAGE_FIELDS)),
                    Tuple.of(1, Arbitraries.strings().ofMaxLength(6))),
                value(1).injectNull(0.2))
            .as(Tuple::of);
    return change
        .list()
        .ofMaxSize(2)
        .map(
            changes -> {
              Map<String, Object> m = new java.util.HashMap<>();
              m.put("phone_number_id", PHONE);
              m.put("recipient", "16505551234");
              m.put("template_id", "t1");
              m.put("text", "hi https://a.example/p?q=1 (https://b.example/).");
              m.put("html", "<p><a href='https://c.example/'>c</a></p>");
              m.put("cta_urls", List.of("https://d.example/"));
              m.put("tracking", Map.of("links", true, "opens", false));
              for (Tuple.Tuple2<String, Object> c : changes) {
                if (c.get2() == null && m.containsKey(c.get1())) {
                  m.remove(c.get1());
                } else {
                  m.put(c.get1(), c.get2());
                }
              }
              return m;
            });
  }

  @Provide
  Arbitrary<List<Map<String, Object>>> batchLike() {
    return messageLike().list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.of(
                    "{\"phone_number_id\":\"" + PHONE + "\",\"recipient\":\"1555\",\"text\":\"x\"}",
                    "{\"messages\":[{\"recipient\":\"1\"}]}",
                    "{\"name\":\"t\",\"category\":\"UTILITY\",\"language\":\"en\"}"),
                Arbitraries.integers().between(0, 60),
                Arbitraries.bytes())
            .as(
                (json, at, b) -> {
                  byte[] raw = json.getBytes(StandardCharsets.UTF_8);
                  raw[Math.min(at, raw.length - 1)] = b;
                  return raw;
                });
    return Arbitraries.oneOf(random, mutated);
  }

  private static Arbitrary<Map<String, Object>> object(int depth) {
    Arbitrary<String> keys =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(KEYS)), Tuple.of(1, Arbitraries.strings().ofMaxLength(6)));
    return Arbitraries.maps(keys, value(depth - 1).injectNull(0.1)).ofMaxSize(6);
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.of(STRINGS),
            Arbitraries.strings().all().ofMaxLength(20),
            Arbitraries.integers(),
            Arbitraries.longs(),
            Arbitraries.doubles(),
            Arbitraries.bigIntegers()
                .between(
                    java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30)),
            Arbitraries.of(true, false));
    if (depth <= 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(
            1,
            Arbitraries.lazy(() -> value(depth - 1))
                .injectNull(0.1)
                .list()
                .ofMaxSize(4)
                .map(l -> (Object) l)),
        Tuple.of(1, Arbitraries.lazy(() -> object(depth)).map(m -> (Object) m)));
  }
}
