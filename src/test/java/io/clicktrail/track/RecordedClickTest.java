package io.clicktrail.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the redirect records about each request: classification and reason, which clicks count, and
 * the client address under the address settings.
 */
class RecordedClickTest {
  private static final String PHONE = "106540352242922";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  private void start(Map<String, String> flags) {
    server = TestServer.start(dir, flags);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Registers a message with one cta link to {@code url}; returns its tracked URL. */
  private String trackedUrl(String messageId, String url) {
    return server
        .registerMessage(
            acme,
            Map.of(
                "message_id",
                messageId,
                "phone_number_id",
                PHONE,
                "recipient",
                "16505551234",
                "cta_urls",
                List.of(url)))
        .get("links")
        .get(0)
        .get("tracked_url")
        .asText();
  }

  private List<JsonNode> clicks() {
    return server.allClicks(acme.token(), null);
  }

  /** One human click and five that are not, on one link; returns the link's message id. */
  private String clickAsHumanBotsAndPrefetchers() throws IOException {
    String messageId = "wamid.MIX";
    String tracked = trackedUrl(messageId, "https://shop.example/a");
    String ua = TestServer.BROWSER;
    assertThat(server.click(tracked, ua).status()).isEqualTo(302);
    assertThat(server.request("HEAD", tracked, Map.of("User-Agent", ua)).status()).isEqualTo(302);
    assertThat(
            server
                .request("GET", tracked, Map.of("User-Agent", ua, "Sec-Purpose", "prefetch"))
                .status())
        .isEqualTo(302);
    assertThat(rawGet(URI.create(tracked).getPath())).startsWith("HTTP/1.1 302 ");
    assertThat(server.click(tracked, "WhatsApp/2.23.20.0 A").status()).isEqualTo(302);
    assertThat(server.click(tracked, "Mozilla/4.0 (compatible; ms-office; MSOffice 16)").status())
        .isEqualTo(302);
    return messageId;
  }

  @Test
  void botsAndPrefetches_areListedWithReasonButOnlyHumansCount() throws IOException {
    start(Map.of());
    String messageId = clickAsHumanBotsAndPrefetchers();

    await().untilAsserted(() -> assertThat(clicks()).hasSize(6));
    assertThat(clicks())
        .extracting(c -> c.get("classification").asText() + " " + c.get("reason").asText())
        .containsExactly(
            "human browser",
            "prefetch head-request",
            "prefetch purpose-prefetch",
            "bot ua:empty",
            "bot ua:whatsapp-preview",
            "bot ua:microsoft-safelinks");
    JsonNode m = server.get("/v1/messages/" + messageId, acme.token()).json();
    assertThat(m.get("link_data").get(0).get("count").asInt()).isEqualTo(1);
    assertThat(m.get("unique_clicks").asInt()).isEqualTo(1);
    assertThat(m.get("recents")).hasSize(1);
    assertThat(m.get("recents").get(0).get("user_agent").asText()).isEqualTo(TestServer.BROWSER);
  }

  @Test
  void countBots_countsEveryClick() throws IOException {
    start(Map.of("count-bots", "true"));
    String messageId = clickAsHumanBotsAndPrefetchers();

    await().untilAsserted(() -> assertThat(clicks()).hasSize(6));
    JsonNode m = server.get("/v1/messages/" + messageId, acme.token()).json();
    assertThat(m.get("link_data").get(0).get("count").asInt()).isEqualTo(6);
    assertThat(m.get("unique_clicks").asInt()).isEqualTo(1);
    assertThat(m.get("recents"))
        .extracting(r -> r.get("click_id").asInt())
        .containsExactly(0, 1, 2, 3, 4, 5);
  }

  @ParameterizedTest(name = "{0} + X-Forwarded-For → {1}")
  @CsvSource({
    "'',                     127.0.0.1",
    "ip-anonymize=true,      127.0.0.0",
    "trusted-proxies=127.0.0.1, 203.0.113.7",
    "trusted-proxies=10.0.0.0/8, 127.0.0.1",
  })
  void storedIp_followsAnonymizeAndTrustedProxySettings(String setting, String expectedIp) {
    start(setting.isEmpty() ? Map.of() : Map.of(setting.split("=")[0], setting.split("=")[1]));
    String tracked = trackedUrl("wamid.IP", "https://shop.example/a");

    server.request(
        "GET", tracked, Map.of("User-Agent", TestServer.BROWSER, "X-Forwarded-For", "203.0.113.7"));

    await().untilAsserted(() -> assertThat(clicks()).hasSize(1));
    assertThat(clicks().get(0).get("ip").asText()).isEqualTo(expectedIp);
  }

  /** A GET with no User-Agent header at all, over a plain loopback socket; returns the response. */
  private String rawGet(String path) throws IOException {
    URI base = URI.create(server.baseUrl());
    try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
