package io.clicktrail.message;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageApiTest {
  private static final String PHONE = "106540352242922";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  TestServer.Account beta;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
    beta = server.createAccount("2", "Beta");
    server.phoneNumber(acme, PHONE, "15550783881");
    server.phoneNumber(beta, "200", "15550000000");
    var t =
        server.put(
            "/v1/templates/t1",
            acme.token(),
            "{\"name\":\"sale\",\"category\":\"MARKETING\",\"language\":\"en\",\"buttons\":["
                + "{\"type\":\"quick_reply\",\"text\":\"Stop\"},"
                + "{\"type\":\"url\",\"text\":\"Shop\",\"url\":\"https://shop.example/\"}]}");
    assertThat(t.status()).as(t.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Map<String, Object> whatsapp(Object... fields) {
    Map<String, Object> m = new HashMap<>();
    m.put("phone_number_id", PHONE);
    m.put("recipient", "16505551234");
    for (int i = 0; i < fields.length; i += 2) {
      m.put((String) fields[i], fields[i + 1]);
    }
    return m;
  }

  private TestServer.Response register(Object body) {
    return server.post("/v1/messages", acme.token(), body);
  }

  @Test
  void missingMessageId_generatesMsgIdOf26UrlSafeChars() {
    long before = System.currentTimeMillis() / 1000;
    String id = register(whatsapp()).json().get("message_id").asText();
    String other = register(whatsapp()).json().get("message_id").asText();

    assertThat(id).matches("msg_[A-Za-z0-9_-]{26}");
    assertThat(other).matches("msg_[A-Za-z0-9_-]{26}").isNotEqualTo(id);
    JsonNode m = server.get("/v1/messages/" + id, acme.token()).json();
    assertThat(m.get("message_id").asText()).isEqualTo(id);
    assertThat(m.get("channel").asText()).isEqualTo("whatsapp");
    assertThat(m.get("sent_at").asLong()).isBetween(before, System.currentTimeMillis() / 1000);
  }

  @Test
  void repostedId_returns409Code100AndChangesNothing() {
    var first =
        register(
            whatsapp(
                "message_id",
                "wamid.A",
                "label",
                "first",
                "text",
                "go https://one.example/",
                "sent_at",
                1750275000));
    assertThat(first.status()).isEqualTo(201);
    var counts = server.rowCounts();

    var again =
        register(
            whatsapp(
                "message_id",
                "wamid.A",
                "label",
                "second",
                "text",
                "go https://two.example/ https://three.example/",
                "sent_at",
                1750279999));

    assertGraphError(again, 409, 100, "wamid.A");
    assertThat(server.rowCounts()).isEqualTo(counts);
    JsonNode m = server.get("/v1/messages/wamid.A", acme.token()).json();
    assertThat(m.get("label").asText()).isEqualTo("first");
    assertThat(m.get("sent_at").asLong()).isEqualTo(1750275000);
    assertThat(m.get("link_data").toString())
        .isEqualTo("[{\"count\":0,\"url\":\"https://one.example/\"}]");
  }

  @Test
  void whatsapp_requiresARegisteredPhoneNumberOfTheAccount() {
    var counts = server.rowCounts();
    Map<String, Object> missing = whatsapp();
    missing.remove("phone_number_id");

    assertGraphError(register(missing), 400, 100, "phone_number_id");
    assertGraphError(register(whatsapp("phone_number_id", "999")), 400, 100, "phone_number_id");
    assertGraphError(register(whatsapp("phone_number_id", "200")), 400, 100, "phone_number_id");
    assertGraphError(register(whatsapp("recipient", "ann@example.com")), 400, 100, "recipient");
    assertGraphError(
        register(Map.of("channel", "email", "recipient", "16505551234")), 400, 100, "recipient");
    assertGraphError(register(whatsapp("channel", "sms")), 400, 100, "channel");
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @Test
  void moreCtaUrlsThanUrlButtons_returns400AndStoresNothing() {
    var counts = server.rowCounts();

    var r =
        register(
            whatsapp(
                "template_id",
                "t1",
                "cta_urls",
                List.of("https://c.example/1", "https://c.example/2")));

    assertGraphError(r, 400, 100, "cta_urls");
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @Test
  void templateOfAnotherAccount_returns400NamingIt() {
    assertGraphError(
        server.post(
            "/v1/messages",
            beta.token(),
            Map.of("phone_number_id", "200", "recipient", "1555000111", "template_id", "t1")),
        400,
        100,
        "template_id");
  }

  @Test
  void concurrentPostsOfOneId_storeItExactlyOnce() throws Exception {
    List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 32; i++) {
        Map<String, Object> m = whatsapp("message_id", "wamid.C", "text", "https://a.example/" + i);
        answers.add(pool.submit(() -> register(m).status()));
      }
    }
    List<Integer> statuses = new java.util.ArrayList<>();
    for (var a : answers) {
      statuses.add(a.get());
    }

    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    assertThat(server.queryLong("SELECT COUNT(*) FROM messages WHERE id = 'wamid.C'")).isEqualTo(1);
    assertThat(server.queryLong("SELECT COUNT(*) FROM links WHERE message_id = 'wamid.C'"))
        .isEqualTo(1);
  }

  @Test
  void getMessage_ofAnotherAccount_returns403_unknown_returns404() {
    register(whatsapp("message_id", "wamid.X"));

    assertGraphError(server.get("/v1/messages/wamid.X", beta.token()), 403, 200, "wamid.X");
    assertGraphError(server.get("/v1/messages/wamid.Y", acme.token()), 404, 803, "wamid.Y");
    assertGraphError(server.get("/v1/messages/wamid.X", null), 401, 190, "token");
  }

  @Test
  void getMessage_showsTheMessageWithZeroEngagement() throws Exception {
    register(
        whatsapp(
            "message_id",
            "wamid.V",
            "template_id",
            "t1",
            "label",
            "wave 1",
            "product_id",
            "p9",
            "sent_at",
            1750275000,
            "text",
            "https://t.example/1"));

    JsonNode m = server.get("/v1/messages/wamid.V", acme.token()).json();

    assertThat(m.get("recipient").asText()).isEqualTo("16505551234");
    assertThat(m.get("phone_number_id").asText()).isEqualTo(PHONE);
    assertThat(m.get("template_id").asText()).isEqualTo("t1");
    assertThat(m.get("label").asText()).isEqualTo("wave 1");
    assertThat(m.get("product_id").asText()).isEqualTo("p9");
    assertThat(m.get("sent_at").asLong()).isEqualTo(1750275000);
    assertThat(m.get("link_data").toString())
        .isEqualTo("[{\"count\":0,\"url\":\"https://t.example/1\"}]");
    assertThat(m.get("recents")).isEmpty();
    assertThat(m.get("unique_clicks").asLong()).isZero();
    assertThat(m.get("opens").asLong()).isZero();
    assertThat(m.get("statuses").isObject()).isTrue();
  }
}
