package io.clicktrail.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageRegistrationTest {
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

  @Test
  void textMessage_returnsTrackedLinksAndRewritesOnlyUrls() {
    var r =
        server.post(
            "/v1/messages",
            acme.token(),
            Map.of(
                "message_id", "wamid.T1",
                "phone_number_id", "106540352242922",
                "recipient", "16505551234",
                "text",
                    "Hi! New colours: https://shop.example/p/1?ref=wa, see (https://x.example/a).",
                "cta_urls", List.of("https://shop.example/sale?u=42")));
    assertThat(r.status()).isEqualTo(201);
    JsonNode body = r.json();
    JsonNode links = body.get("links");
    assertThat(links).hasSize(3);
    String t0 = links.get(0).get("tracked_url").asText();
    String t1 = links.get(1).get("tracked_url").asText();
    assertThat(body.get("text").asText())
        .isEqualTo("Hi! New colours: " + t0 + ", see (" + t1 + ").");
    assertThat(links.get(2).get("component").asText()).isEqualTo("cta");
    assertThat(body.get("cta_urls").get(0).asText())
        .isEqualTo(links.get(2).get("tracked_url").asText());
    assertThat(t0).isEqualTo(server.baseUrl() + "/c/" + links.get(0).get("token").asText());
    assertThat(links.get(0).get("token").asText())
        .hasSizeLessThanOrEqualTo(40)
        .matches("[A-Za-z0-9_-]+");
  }

  @Test
  void humanClick_isCountedInLinkDataRecentsAndUniques() {
    var r =
        server.post(
            "/v1/messages",
            acme.token(),
            Map.of(
                "message_id",
                "wamid.T2",
                "phone_number_id",
                "106540352242922",
                "recipient",
                "16505551234",
                "text",
                "go https://shop.example/p/1"));
    String url = r.json().get("links").get(0).get("tracked_url").asText();
    assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
    assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
    assertThat(server.click(url, "WhatsApp/2.23.20.0 A").status()).isEqualTo(302);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode m = server.get("/v1/messages/wamid.T2", acme.token()).json();
              assertThat(m.get("link_data").get(0).get("count").asInt()).isEqualTo(2);
              assertThat(m.get("unique_clicks").asInt()).isEqualTo(1);
              assertThat(m.get("recents")).hasSize(2);
              assertThat(m.get("recents").get(1).get("click_id").asInt()).isEqualTo(1);
            });
  }

  @Test
  void messageSentEvents_allReachTheLog_whenTheOutboxEmptiesBetweenThem() {
    for (String id : List.of("wamid.A", "wamid.B", "wamid.C")) {
      var r =
          server.post(
              "/v1/messages",
              acme.token(),
              Map.of(
                  "message_id",
                  id,
                  "phone_number_id",
                  "106540352242922",
                  "recipient",
                  "16505551234",
                  "text",
                  "hi"));
      assertThat(r.status()).isEqualTo(201);
      // each relay empties the outbox before the next registration
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.queryLong("SELECT COUNT(*) FROM outbox") == 0);
    }
    assertThat(server.queryLong("SELECT COUNT(*) FROM event_log WHERE type = 'message_sent'"))
        .isEqualTo(3);
  }
}
