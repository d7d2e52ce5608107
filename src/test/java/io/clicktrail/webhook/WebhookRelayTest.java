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

/** WhatsApp webhooks ingested from Meta reach status and inbound subscribers unchanged. */
class WebhookRelayTest {
  private static final String ACME = "102290129340398";
  private static final String STATUSES =
      """
      {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":\
      {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",\
      "phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.RELAY1","status":"delivered",\
      "timestamp":"1750275992","recipient_id":"16505551234"}]},"field":"messages"}]}]}""";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  WebhookReceiver whatsapp;
  WebhookReceiver cloudevents;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of("webhook-allow-private", "true"));
    acme = server.createAccount(ACME, "Acme");
    whatsapp = WebhookReceiver.start();
    cloudevents = WebhookReceiver.start();
    subscribe(whatsapp, "whatsapp", List.of("status", "inbound"));
    subscribe(cloudevents, "cloudevents", List.of("status"));
  }

  @AfterEach
  void stop() {
    server.close();
    whatsapp.close();
    cloudevents.close();
  }

  private void subscribe(WebhookReceiver receiver, String format, List<String> events) {
    TestServer.Response r =
        server.post(
            "/v1/webhooks",
            acme.token(),
            Map.of("url", receiver.url("/hooks"), "format", format, "events", events));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private void ingest(byte[] body) throws Exception {
    TestServer.Response r =
        server.send(
            "POST",
            "/webhooks/whatsapp/" + ACME,
            body,
            "Content-Type",
            "application/json",
            "X-Hub-Signature-256",
            "sha256=" + hmacHex(appSecret(), body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void inboundMessage_relayedToInboundSubscribers_valueUnchangedAndSigned() throws Exception {
    byte[] fixture;
    try (var in = getClass().getResourceAsStream("/io/clicktrail/inbound/inbound-text.json")) {
      fixture = in.readAllBytes(); // a copy of the spec's fixture
    }
    ingest(fixture);

    await().atMost(Duration.ofSeconds(10)).until(() -> whatsapp.posts().size() == 1);
    WebhookReceiver.Received post = whatsapp.posts().get(0);
    assertThat(post.header("X-Hub-Signature-256"))
        .isEqualTo("sha256=" + hmacHex(appSecret(), post.body()));
    JsonNode sent = TestServer.JSON.readTree(fixture);
    JsonNode relayed = TestServer.JSON.readTree(post.body());
    assertThat(relayed.get("object").asText()).isEqualTo("whatsapp_business_account");
    assertThat(relayed.at("/entry/0/id").asText()).isEqualTo(ACME);
    assertThat(relayed.at("/entry/0/changes/0/field").asText()).isEqualTo("messages");
    assertThat(relayed.at("/entry/0/changes/0/value"))
        .isEqualTo(sent.at("/entry/0/changes/0/value"));
    assertThat(cloudevents.posts()).as("cloudevents asked for statuses only").isEmpty();
  }

  @Test
  void status_relayedInBothFormats_andOnceWhenMetaDeliversItTwice() throws Exception {
    byte[] body = STATUSES.getBytes(StandardCharsets.UTF_8);
    ingest(body);
    ingest(body);

    await().atMost(Duration.ofSeconds(10)).until(() -> cloudevents.posts().size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> whatsapp.posts().size() == 1);
    JsonNode value = TestServer.JSON.readTree(body).at("/entry/0/changes/0/value");
    JsonNode event = TestServer.JSON.readTree(cloudevents.posts().get(0).body());
    assertThat(event.get("type").asText()).isEqualTo("io.clicktrail.message.status");
    assertThat(event.get("subject").asText()).isEqualTo("wamid.RELAY1");
    assertThat(event.get("data")).isEqualTo(value);
    assertThat(
            TestServer.JSON.readTree(whatsapp.posts().get(0).body()).at("/entry/0/changes/0/value"))
        .isEqualTo(value);
    // the second copy was ingested after the first was queued: no second delivery follows
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> whatsapp.posts().size() == 1 && cloudevents.posts().size() == 1);
  }

  private String appSecret() {
    return acme.created().get("app_secret").asText();
  }

  private static String hmacHex(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
