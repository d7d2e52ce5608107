package io.clicktrail.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw clicks older than {@code retention} are deleted; the counts they made stay. */
class RetentionTest {
  @TempDir Path dir;

  private final MutableClock clock = MutableClock.ofNow();
  private final Map<String, String> oneDay = Map.of("retention", "1d", "admin-token", "adm");

  @Test
  void clicksOlderThanRetention_areDeleted_andTheirCountsStay() {
    String url;
    String token;
    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      TestServer.Account acme = server.createAccount(Fixtures.ACME_ID, "Acme");
      token = acme.token();
      server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
      JsonNode m =
          server.registerMessage(
              acme,
              Map.of(
                  "message_id", "wamid.old",
                  "phone_number_id", Fixtures.PHONE_ID,
                  "recipient", "16505551234",
                  "text", "https://shop.example/p/1"));
      url = m.get("links").get(0).get("tracked_url").asText();
      assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
      assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.allClicks(token, "wamid.old").size() == 2);
    }

    clock.advance(Duration.ofDays(1).plusMinutes(1));

    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      // a restart runs the purge before serving; the link itself never expires
      String again = server.baseUrl() + url.substring(url.indexOf("/c/"));
      assertThat(server.click(again, TestServer.BROWSER).status()).isEqualTo(302);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                var clicks = server.allClicks(token, "wamid.old");
                assertThat(clicks).hasSize(1);
                assertThat(clicks.get(0).get("timestamp_ms").asLong()).isEqualTo(clock.millis());
              });
      JsonNode view = server.get("/v1/messages/wamid.old", token).json();
      assertThat(view.get("link_data").get(0).get("count").asInt()).isEqualTo(3);
      assertThat(view.get("clicks").asInt()).isEqualTo(3);
      assertThat(view.get("unique_clicks").asInt()).isEqualTo(1);
    }
  }

  @Test
  void clicksWithinRetention_stayAcrossAPurge() {
    String token;
    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      TestServer.Account acme = server.createAccount(Fixtures.ACME_ID, "Acme");
      token = acme.token();
      server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
      String url =
          server
              .registerMessage(
                  acme,
                  Map.of(
                      "message_id", "wamid.recent",
                      "phone_number_id", Fixtures.PHONE_ID,
                      "recipient", "16505551234",
                      "text", "https://shop.example/p/2"))
              .get("links")
              .get(0)
              .get("tracked_url")
              .asText();
      server.click(url, TestServer.BROWSER);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.allClicks(token, "wamid.recent").size() == 1);
    }

    clock.advance(Duration.ofHours(23));

    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      // the purge runs at start; a marker click after it shows it has run
      String marker =
          server
              .registerMessage(
                  server.createAccount("3", "Marker"),
                  Map.of(
                      "channel", "email", "recipient", "a@b.example", "text", "https://m.example/"))
              .get("links")
              .get(0)
              .get("tracked_url")
              .asText();
      assertThat(marker).isNotEmpty();
      assertThat(server.allClicks(token, "wamid.recent")).hasSize(1);
    }
  }
}
