package io.clicktrail.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookDeliveryTest {
  private static final String PHONE = "106540352242922";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  WebhookReceiver receiver;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of("webhook-allow-private", "true"));
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  private JsonNode subscribe(String format, List<String> events) {
    TestServer.Response r =
        server.post(
            "/v1/webhooks",
            acme.token(),
            Map.of("url", receiver.url("/hooks"), "format", format, "events", events));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void nylasClick_deliveredSignedWithRunningLinkData() throws Exception {
    String secret = subscribe("nylas", List.of("link_clicked")).get("secret").asText();
    JsonNode registered =
        server.registerMessage(
            acme,
            Map.of(
                "message_id", "18ac281f237c934b",
                "channel", "email",
                "grant_id", "grant_1",
                "recipient", "ana@example.com",
                "label", "Hey, just testing",
                "html", "<a href=\"https://www.example.com\">shop</a>"));
    String tracked = registered.get("links").get(0).get("tracked_url").asText();
    assertThat(server.click(tracked, TestServer.BROWSER).status()).isEqualTo(302);
    assertThat(server.click(tracked, TestServer.BROWSER).status()).isEqualTo(302);

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.posts().size() == 2);
    List<WebhookReceiver.Received> posts = receiver.posts();
    for (WebhookReceiver.Received post : posts) {
      assertThat(post.header("X-Nylas-Signature")).isEqualTo(hmacHex(secret, post.body()));
    }
    JsonNode second =
        posts.stream()
            .map(p -> json(p.body()))
            .filter(b -> b.at("/data/object/recents").size() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(second.get("type").asText()).isEqualTo("message.link_clicked");
    assertThat(second.get("source").asText()).isEqualTo("/clicktrail/tracking");
    assertThat(second.get("webhook_delivery_attempt").asInt()).isEqualTo(1);
    JsonNode object = second.at("/data/object");
    assertThat(object.get("message_id").asText()).isEqualTo("18ac281f237c934b");
    assertThat(object.get("grant_id").asText()).isEqualTo("grant_1");
    assertThat(object.get("label").asText()).isEqualTo("Hey, just testing");
    assertThat(object.at("/link_data/0/count").asInt()).isEqualTo(2);
    assertThat(object.at("/link_data/0/url").asText()).isEqualTo("https://www.example.com");
    assertThat(object.at("/recents/0/click_id").asInt()).isZero();
    assertThat(object.at("/recents/1/click_id").asInt()).isEqualTo(1);
    assertThat(object.at("/recents/1/link_index").asText()).isEqualTo("0");
    assertThat(object.at("/recents/1/user_agent").asText()).isEqualTo(TestServer.BROWSER);
  }

  private static JsonNode json(byte[] body) {
    try {
      return TestServer.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String hmacHex(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
