package io.clicktrail.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngagementTest {
  private static final String PHONE = "106540352242922";
  private static final String PREVIEW = "WhatsApp/2.23.20.0 A";
  private static final String APPLE_MAIL_PROXY = "Mozilla/5.0";
  private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]+/o/[A-Za-z0-9_-]+)\"");

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(Instant.parse("2025-06-18T19:30:00.000Z"));
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of("trusted-proxies", "127.0.0.1"), clock);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Registers a WhatsApp message with two body links; returns their tracked URLs. */
  private List<String> twoLinks(String messageId) {
    JsonNode links =
        server
            .registerMessage(
                acme,
                Map.of(
                    "message_id",
                    messageId,
                    "phone_number_id",
                    PHONE,
                    "recipient",
                    "16505551234",
                    "text",
                    "New: https://shop.example/p/1 and https://shop.example/p/2"))
            .get("links");
    return List.of(
        links.get(0).get("tracked_url").asText(), links.get(1).get("tracked_url").asText());
  }

  private JsonNode message(String id) {
    return server.get("/v1/messages/" + id, acme.token()).json();
  }

  private void click(String url, String userAgent) {
    assertThat(server.click(url, userAgent).status()).isEqualTo(302);
  }

  @Test
  void repeatedClicksOnTwoLinks_countEachClick_andOneUniquePerLink() {
    List<String> m1 = twoLinks("wamid.U1");
    twoLinks("wamid.U2");
    click(m1.get(0), TestServer.BROWSER);
    click(m1.get(0), TestServer.BROWSER);
    click(m1.get(1), PREVIEW);
    click(m1.get(0), TestServer.BROWSER);
    click(m1.get(1), TestServer.BROWSER);
    click(m1.get(1), TestServer.BROWSER);

    await().untilAsserted(() -> assertThat(message("wamid.U1").get("clicks").asInt()).isEqualTo(5));
    JsonNode m = message("wamid.U1");
    assertThat(m.get("link_data"))
        .extracting(l -> l.get("url").asText() + " " + l.get("count").asInt())
        .containsExactly("https://shop.example/p/1 3", "https://shop.example/p/2 2");
    assertThat(m.get("unique_clicks").asInt()).isEqualTo(2);
    assertThat(server.allClicks(acme.token(), "wamid.U1"))
        .extracting(c -> c.get("link_index").asText() + " " + c.get("unique").asBoolean())
        .containsExactly("0 true", "0 false", "1 false", "0 false", "1 true", "1 false");
    JsonNode untouched = message("wamid.U2");
    assertThat(untouched.get("unique_clicks").asInt()).isZero();
    assertThat(untouched.get("link_data"))
        .extracting(l -> l.get("count").asInt())
        .containsExactly(0, 0);
  }

  @Test
  void sixtyHumanClicks_keepTheLast50RecentsOldestFirst() {
    List<String> links = twoLinks("wamid.R1");
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofSeconds(1));
      click(links.get(i % 2), TestServer.BROWSER);
      if (i % 7 == 0) {
        click(links.get(0), PREVIEW);
      }
    }

    await()
        .untilAsserted(() -> assertThat(message("wamid.R1").get("clicks").asInt()).isEqualTo(60));
    JsonNode m = message("wamid.R1");
    JsonNode recents = m.get("recents");
    assertThat(recents)
        .extracting(r -> r.get("click_id").asInt())
        .containsExactlyElementsOf(IntStream.range(10, 60).boxed().toList());
    long first = clock.millis() / 1000 - 49;
    assertThat(recents)
        .extracting(r -> r.get("timestamp").asLong())
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> first + i).toList());
    assertThat(recents)
        .extracting(r -> r.get("link_index").asText())
        .containsExactlyElementsOf(
            IntStream.range(10, 60).mapToObj(i -> Integer.toString(i % 2)).toList());
    assertThat(recents.get(0).get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(recents.get(0).get("user_agent").asText()).isEqualTo(TestServer.BROWSER);
    assertThat(m.get("link_data")).extracting(l -> l.get("count").asInt()).containsExactly(30, 30);
  }

  @Test
  void clickIdSequence_startsAtZeroForEachMessage() {
    String a = twoLinks("wamid.S1").get(0);
    String b = twoLinks("wamid.S2").get(1);
    click(a, TestServer.BROWSER);
    click(b, TestServer.BROWSER);
    click(b, PREVIEW);
    click(a, TestServer.BROWSER);
    click(b, TestServer.BROWSER);
    click(a, TestServer.BROWSER);

    await().untilAsserted(() -> assertThat(message("wamid.S1").get("recents")).hasSize(3));
    await().untilAsserted(() -> assertThat(message("wamid.S2").get("recents")).hasSize(2));
    assertThat(message("wamid.S1").get("recents"))
        .extracting(r -> r.get("click_id").asInt())
        .containsExactly(0, 1, 2);
    assertThat(message("wamid.S2").get("recents"))
        .extracting(r -> r.get("click_id").asInt())
        .containsExactly(0, 1);
  }

  /** Registers an email with open tracking; returns its open pixel URL. */
  private String pixel(String messageId) {
    JsonNode body =
        server.registerMessage(
            acme,
            Map.of(
                "message_id", messageId,
                "channel", "email",
                "recipient", "ana@example.com",
                "html", "<html><body><a href=\"https://shop.example/x\">Shop</a></body></html>",
                "tracking", Map.of("links", true, "opens", true)));
    Matcher m = PIXEL.matcher(body.get("html").asText());
    assertThat(m.find()).as("pixel in %s", body.get("html")).isTrue();
    return m.group(1);
  }

  /** Loads the pixel as the client at {@code ip} (through the trusted loopback proxy). */
  private void load(String pixel, String ip, String userAgent) {
    TestServer.Response r =
        server.request("GET", pixel, Map.of("User-Agent", userAgent, "X-Forwarded-For", ip));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("image/gif");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  private void awaitOpens(String messageId, int opens) {
    await()
        .untilAsserted(() -> assertThat(message(messageId).get("opens").asInt()).isEqualTo(opens));
  }

  @Test
  void pixelLoadsBySameClient_withinAMinuteAreOneOpen_afterAMinuteAnother() {
    String pixel = pixel("m.O1");
    String ana = "198.51.100.1";

    load(pixel, ana, TestServer.BROWSER);
    awaitOpens("m.O1", 1);
    clock.advance(Duration.ofSeconds(30));
    load(pixel, ana, TestServer.BROWSER);
    clock.advance(Duration.ofMillis(29_999));
    load(pixel, ana, TestServer.BROWSER);
    // Another client: counted, and proves the loads before it were projected and not counted.
    load(pixel, "198.51.100.2", TestServer.BROWSER);
    awaitOpens("m.O1", 2);

    clock.advance(Duration.ofMillis(1));
    load(pixel, ana, TestServer.BROWSER);
    awaitOpens("m.O1", 3);
    clock.advance(Duration.ofSeconds(59));
    load(pixel, ana, TestServer.BROWSER);
    load(pixel, "198.51.100.3", TestServer.BROWSER);
    awaitOpens("m.O1", 4);
  }

  @Test
  void pixelLoadsOfSameAddress_withAnotherUserAgentAreAnotherOpen() {
    String pixel = pixel("m.O2");

    load(pixel, "198.51.100.1", TestServer.BROWSER);
    load(
        pixel,
        "198.51.100.1",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)");

    awaitOpens("m.O2", 2);
  }

  @Test
  void appleMailProxyLoads_areNotCountedAsOpens() {
    String pixel = pixel("m.O3");

    load(pixel, "17.58.0.1", APPLE_MAIL_PROXY);
    clock.advance(Duration.ofMinutes(5));
    load(pixel, "17.58.0.1", APPLE_MAIL_PROXY);
    load(
        pixel,
        "17.58.0.2",
        "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)");
    load(pixel, "198.51.100.1", TestServer.BROWSER);

    awaitOpens("m.O3", 1);
    assertThat(message("m.O3").get("opens").asInt()).isEqualTo(1);
  }
}
