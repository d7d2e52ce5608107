package io.clicktrail.message;

import static io.clicktrail.message.MessageApiTest.whatsapp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageBatchApiTest {
  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, "106540352242922", "15550783881");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response batch(Object body) {
    return server.post("/v1/messages:batch", acme.token(), body);
  }

  private static void assertEntryError(JsonNode entry, String mentions) {
    assertThat(entry.fieldNames()).toIterable().containsExactly("error");
    JsonNode e = entry.get("error");
    assertThat(e.get("code").asInt()).as(entry.toString()).isEqualTo(100);
    assertThat(e.get("type").asText()).isEqualTo("GraphMethodException");
    assertThat(e.get("message").asText()).contains(mentions);
    assertThat(e.get("fbtrace_id").asText()).isNotBlank();
  }

  @Test
  void mixedEntries_answer200InOrderAndStoreOnlyTheGoodOnes() {
    assertThat(
            server
                .post(
                    "/v1/messages",
                    acme.token(),
                    whatsapp("message_id", "wamid.OLD", "label", "old"))
                .status())
        .isEqualTo(201);

    var r =
        batch(
            Map.of(
                "messages",
                List.of(
                    whatsapp(
                        "message_id",
                        "wamid.B1",
                        "label",
                        "first",
                        "text",
                        "see https://a.example/"),
                    whatsapp("message_id", "wamid.B2", "colour", "red"),
                    whatsapp("message_id", "wamid.B3"),
                    whatsapp("message_id", "wamid.B1", "label", "second"),
                    whatsapp("message_id", "wamid.OLD", "label", "new"),
                    whatsapp("message_id", "wamid.B4", "sent_at", -1),
                    5,
                    whatsapp("message_id", "wamid.B5", "phone_number_id", "999"))));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode results = r.json().get("results");
    assertThat(results).hasSize(8);
    assertThat(results.get(0).get("message_id").asText()).isEqualTo("wamid.B1");
    assertThat(results.get(0).get("text").asText())
        .isEqualTo("see " + results.get(0).get("links").get(0).get("tracked_url").asText());
    assertEntryError(results.get(1), "colour");
    assertThat(results.get(2).get("message_id").asText()).isEqualTo("wamid.B3");
    assertEntryError(results.get(3), "wamid.B1");
    assertEntryError(results.get(4), "wamid.OLD");
    assertEntryError(results.get(5), "sent_at");
    assertEntryError(results.get(6), "entry");
    assertEntryError(results.get(7), "phone_number_id");
    assertThat(label("wamid.B1")).isEqualTo("first");
    assertThat(label("wamid.OLD")).isEqualTo("old");
    assertThat(server.get("/v1/messages/wamid.B3", acme.token()).status()).isEqualTo(200);
    for (String absent : List.of("wamid.B2", "wamid.B4", "wamid.B5")) {
      assertThat(server.get("/v1/messages/" + absent, acme.token()).status()).isEqualTo(404);
    }
    assertThat(server.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(3);
    assertThat(server.queryLong("SELECT COUNT(*) FROM links")).isEqualTo(1);
  }

  private String label(String id) {
    return server.get("/v1/messages/" + id, acme.token()).json().get("label").asText();
  }

  @Test
  void entry_answersTheSameBodyAsASinglePost() throws Exception {
    var r =
        batch(
            Map.of(
                "messages",
                List.of(
                    whatsapp(
                        "message_id",
                        "wamid.S",
                        "text",
                        "https://a.example/ x",
                        "html",
                        "<a href='https://b.example/'>b</a>"))));

    JsonNode entry = r.json().get("results").get(0);
    assertThat(entry.fieldNames())
        .toIterable()
        .containsExactly("message_id", "links", "text", "html", "cta_urls");
    JsonNode links = entry.get("links");
    assertThat(links).hasSize(2);
    assertThat(entry.get("text").asText())
        .isEqualTo(links.get(0).get("tracked_url").asText() + " x");
    assertThat(entry.get("html").asText())
        .isEqualTo("<a href='" + links.get(1).get("tracked_url").asText() + "'>b</a>");
    assertThat(entry.get("cta_urls")).isEmpty();
  }

  @Test
  void batchOf1000_registersAll() {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      entries.add(whatsapp("message_id", "m" + i, "text", "https://a.example/" + i));
    }

    var r = batch(Map.of("messages", entries));

    assertThat(r.status()).isEqualTo(200);
    JsonNode results = r.json().get("results");
    assertThat(results).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(results.get(i).get("message_id").asText()).isEqualTo("m" + i);
    }
    assertThat(server.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(1000);
    assertThat(server.queryLong("SELECT COUNT(*) FROM links")).isEqualTo(1000);
  }

  @Test
  void batchOf1001_returns400AndStoresNothing() {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      entries.add(whatsapp("message_id", "m" + i));
    }
    var counts = server.rowCounts();

    var r = batch(Map.of("messages", entries));

    assertThat(r.status()).isEqualTo(400);
    assertThat(TestServer.graphErrorProblems(400, r.body())).isEmpty();
    assertThat(r.json().get("error").get("message").asText()).contains("messages", "1000");
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}|messages",
        "{\"messages\":[]}|messages",
        "{\"messages\":null}|messages",
        "{\"messages\":{}}|messages",
        "{\"messages\":[],\"dry_run\":true}|dry_run",
        "[]|object"
      })
  void malformedBatch_returns400NamingTheProblem(String caseAndMention) {
    String[] parts = caseAndMention.split("\\|");
    var counts = server.rowCounts();

    var r = batch(parts[0]);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(TestServer.graphErrorProblems(400, r.body())).isEmpty();
    assertThat(r.json().get("error").get("message").asText()).contains(parts[1]);
    assertThat(server.rowCounts()).isEqualTo(counts);
  }

  @Test
  void entryWithTooManyLinks_failsAloneAndTheOthersAreStored() {
    String flood = "see https://a.example/x ".repeat(251);
    var r =
        batch(
            Map.of(
                "messages",
                List.of(
                    whatsapp("message_id", "ok.1", "text", "https://shop.example/1"),
                    whatsapp("message_id", "flood.1", "text", flood),
                    whatsapp("message_id", "ok.2", "text", "https://a.example/x ".repeat(250)))));

    assertThat(r.status()).isEqualTo(200);
    JsonNode results = r.json().get("results");
    assertThat(results.get(0).get("message_id").asText()).isEqualTo("ok.1");
    assertEntryError(results.get(1), "251 links; at most 250");
    assertThat(results.get(2).get("links")).hasSize(250);
    assertThat(server.get("/v1/messages/flood.1", acme.token()).status()).isEqualTo(404);
    assertThat(server.get("/v1/messages/ok.2", acme.token()).status()).isEqualTo(200);
  }
}
