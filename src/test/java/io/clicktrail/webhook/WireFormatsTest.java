package io.clicktrail.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.track.Engagement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WireFormatsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The project's fixtures, beside the work tree; the copies below must match them. */
  private static final Path SHARED_FIXTURES = Path.of("..", "shared", "fixtures");

  /** Copy of {@code shared/fixtures/nylas/message-link-clicked.json}. */
  private static final String NYLAS_FIXTURE =
      """
      {
        "specversion": "1.0",
        "type": "message.link_clicked",
        "source": "/com/nylas/tracking",
        "id": "wh_7f3a2c",
        "time": 1695480423,
        "data": {
          "application_id": "app_1",
          "grant_id": "grant_1",
          "object": {
            "object": "message",
            "grant_id": "grant_1",
            "link_data": [
              { "count": 1, "url": "https://www.example.com" }
            ],
            "message_id": "18ac281f237c934b",
            "label": "Hey, just testing",
            "recents": [
              {
                "click_id": 0,
                "ip": "203.0.113.7",
                "link_index": "0",
                "timestamp": 1695480422,
                "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36"
              }
            ],
            "sender_app_id": "app_1",
            "timestamp": 1695480422
          }
        },
        "webhook_delivery_attempt": 1
      }
      """;

  /** Copy of {@code shared/fixtures/whatsapp/click-user-action.json}. */
  private static final String WHATSAPP_FIXTURE =
      """
      {
        "object": "whatsapp_business_account",
        "entry": [
          {
            "id": "102290129340398",
            "changes": [
              {
                "value": {
                  "messaging_product": "whatsapp",
                  "metadata": {
                    "display_phone_number": "15550783881",
                    "phone_number_id": "106540352242922"
                  },
                  "user_actions": [
                    {
                      "action_type": "marketing_messages_link_click",
                      "timestamp": "1750275992",
                      "marketing_messages_link_click_data": {
                        "click_component": "cta",
                        "product_id": "di9ozbzfi4",
                        "click_id": "c1f0b2a4e9d84c7a",
                        "tracking_token": "example_token"
                      }
                    }
                  ]
                },
                "field": "messages"
              }
            ]
          }
        ]
      }
      """;

  private static final String CHROME =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/117.0.0.0 Safari/537.36";
  private static final String HEX_SECRET =
      "8f0c6bd7e1d0a9f5b3c2a1908f7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4";
  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String APP_SECRET = "app-secret-1";

  // --- fixtures

  @Test
  void fixtureCopies_matchTheSharedFixtures() throws IOException {
    assumeTrue(Files.isDirectory(SHARED_FIXTURES), "shared/ is not beside the work tree");

    assertThat(MAPPER.readTree(NYLAS_FIXTURE)).isEqualTo(shared("nylas/message-link-clicked.json"));
    assertThat(MAPPER.readTree(WHATSAPP_FIXTURE))
        .isEqualTo(shared("whatsapp/click-user-action.json"));
  }

  @Test
  void nylasClick_matchesNylasFixtureExceptSource() throws IOException {
    Payload payload = NylasPayloads.render(nylasClick(), outgoing("wh_7f3a2c", 1, 1695480423));

    ObjectNode expected = (ObjectNode) MAPPER.readTree(NYLAS_FIXTURE);
    expected.put("source", "/clicktrail/tracking");
    assertThat(tree(payload)).isEqualTo(expected);
    // the same bytes as the compact fixture: same keys, same key order, no whitespace
    assertThat(text(payload)).isEqualTo(MAPPER.writeValueAsString(expected));
    assertThat(payload.headers()).containsEntry("Content-Type", "application/json");
  }

  @Test
  void whatsAppClick_matchesWhatsAppFixture() throws IOException {
    Payload payload = WhatsAppPayloads.render(whatsAppClick(), outgoing("wh_1", 1, 1750275993));

    JsonNode expected = MAPPER.readTree(WHATSAPP_FIXTURE);
    assertThat(tree(payload)).isEqualTo(expected);
    assertThat(text(payload)).isEqualTo(MAPPER.writeValueAsString(expected));
    assertThat(payload.headers()).containsEntry("Content-Type", "application/json");
  }

  // --- whatsapp

  @Test
  void whatsAppClick_withoutProductOrDisplayNumber_leavesThemOut() throws IOException {
    ClickNotice click = whatsAppClick(null, "106540352242922", null);

    JsonNode value = whatsAppValue(WhatsAppPayloads.render(click, outgoing("wh_1", 1, 0)));

    assertThat(value.get("metadata").toString())
        .isEqualTo("{\"phone_number_id\":\"106540352242922\"}");
    assertThat(value.at("/user_actions/0/marketing_messages_link_click_data").toString())
        .isEqualTo(
            "{\"click_component\":\"cta\",\"click_id\":\"c1f0b2a4e9d84c7a\","
                + "\"tracking_token\":\"example_token\"}");
  }

  @Test
  void whatsAppClick_withoutPhoneNumber_leavesMetadataOut() throws IOException {
    ClickNotice click = whatsAppClick(null, null, "15550783881");

    JsonNode value = whatsAppValue(WhatsAppPayloads.render(click, outgoing("wh_1", 1, 0)));

    assertThat(value.has("metadata")).isFalse();
    assertThat(value.get("messaging_product").asText()).isEqualTo("whatsapp");
  }

  @Test
  void whatsAppBatch_carriesEveryClickInOrderInOneChange() throws IOException {
    ClickNotice first = whatsAppClick();
    ClickNotice second = withClick(first, "c2", 1750276000_250L, "body");

    Payload payload = WhatsAppPayloads.renderBatch(List.of(first, second), outgoing("wh_1", 1, 0));

    JsonNode value = whatsAppValue(payload);
    assertThat(value.get("user_actions")).hasSize(2);
    assertThat(value.at("/user_actions/1/timestamp").asText()).isEqualTo("1750276000");
    assertThat(value.at("/user_actions/1/marketing_messages_link_click_data/click_id").asText())
        .isEqualTo("c2");
    assertThat(
            value.at("/user_actions/1/marketing_messages_link_click_data/click_component").asText())
        .isEqualTo("body");
    assertThat(tree(payload).get("entry")).hasSize(1);
  }

  @Test
  void whatsAppBatch_ofTwoPhoneNumbers_isRefused() {
    ClickNotice first = whatsAppClick();
    ClickNotice other = whatsAppClick("di9ozbzfi4", "999", "15550000000");

    assertThatThrownBy(
            () -> WhatsAppPayloads.renderBatch(List.of(first, other), outgoing("w", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share account and phone number");
    assertThatThrownBy(() -> WhatsAppPayloads.renderBatch(List.of(), outgoing("w", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one click");
  }

  @Test
  void whatsAppRelay_carriesTheValueUnchangedInTheEnvelope() throws IOException {
    JsonNode value =
        MAPPER.readTree(
            "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"1\"},"
                + "\"statuses\":[{\"id\":\"wamid.X\",\"status\":\"read\",\"timestamp\":\"17\","
                + "\"pricing\":{\"billable\":true,\"rate\":0.0125}}]}");
    RelayNotice relay = new RelayNotice("102", EventType.STATUS, "wamid.X", 17_000, value);

    Payload payload = WhatsAppPayloads.render(relay, outgoing("wh_1", 1, 0));

    assertThat(text(payload))
        .isEqualTo(
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102\",\"changes\":"
                + "[{\"value\":"
                + value
                + ",\"field\":\"messages\"}]}]}");
  }

  @Test
  void whatsApp_open_isRefused() {
    assertThatThrownBy(() -> WhatsAppPayloads.render(open(), outgoing("w", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("format whatsapp does not carry opened events (notice of message m1)");
  }

  // --- nylas

  @Test
  void nylasClick_absentGrantLabelIpAndAgent_areJsonNull() throws IOException {
    ClickNotice click =
        new ClickNotice(
            "app_1",
            "m1",
            "k1",
            5_999,
            null,
            null,
            0,
            "body",
            "https://a.example",
            "t",
            "human",
            "ua:browser",
            0,
            null,
            null,
            null,
            null,
            null,
            List.of(new Engagement.LinkCount(1, "https://a.example")),
            List.of(new Engagement.Recent(0, null, "0", 5, null)));

    JsonNode body = tree(NylasPayloads.render(click, outgoing("wh_2", 3, 10)));

    assertThat(body.at("/data/grant_id").isNull()).isTrue();
    assertThat(body.at("/data/object/grant_id").isNull()).isTrue();
    assertThat(body.at("/data/object/label").isNull()).isTrue();
    assertThat(body.at("/data/object/recents/0").toString())
        .isEqualTo(
            "{\"click_id\":0,\"ip\":null,\"link_index\":\"0\",\"timestamp\":5,\"user_agent\":null}");
    assertThat(body.at("/data/object/timestamp").asLong()).isEqualTo(5);
    assertThat(body.get("webhook_delivery_attempt").asInt()).isEqualTo(3);
    assertThat(body.get("time").asLong()).isEqualTo(10);
  }

  @Test
  void nylasOpen_hasTheOpenedShape() throws IOException {
    Payload payload = NylasPayloads.render(open(), outgoing("wh_3", 2, 1695480500));

    assertThat(text(payload))
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"type\":\"message.opened\","
                + "\"source\":\"/clicktrail/tracking\",\"id\":\"wh_3\",\"time\":1695480500,"
                + "\"data\":{\"application_id\":\"app_1\",\"grant_id\":\"grant_1\","
                + "\"object\":{\"object\":\"message\",\"grant_id\":\"grant_1\","
                + "\"message_id\":\"m1\",\"label\":\"news\",\"recents\":["
                + "{\"opened_id\":0,\"ip\":\"198.51.100.1\",\"timestamp\":1695480400,"
                + "\"user_agent\":\"Mail\"},"
                + "{\"opened_id\":1,\"ip\":null,\"timestamp\":1695480490,\"user_agent\":null}],"
                + "\"sender_app_id\":\"app_1\",\"timestamp\":1695480490}},"
                + "\"webhook_delivery_attempt\":2}");
  }

  @Test
  void nylas_relay_isRefused() {
    RelayNotice relay =
        new RelayNotice("1", EventType.INBOUND, "wamid.Y", 1, MAPPER.createObjectNode());

    assertThatThrownBy(() -> NylasPayloads.render(relay, outgoing("w", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format nylas does not carry inbound events");
  }

  // --- cloudevents

  @Test
  void cloudEventsClick_isAStructuredEventWithTheClickRecord() throws IOException {
    Payload payload = CloudEventPayloads.render(whatsAppClick(), outgoing("wh_4", 1, 1750275993));

    assertThat(payload.headers())
        .containsEntry("Content-Type", "application/cloudevents+json")
        .containsEntry("webhook-id", "wh_4")
        .containsEntry("webhook-timestamp", "1750275999");
    assertThat(text(payload))
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"wh_4\","
                + "\"source\":\"/clicktrail/accounts/102290129340398\","
                + "\"type\":\"io.clicktrail.message.link_clicked\","
                + "\"time\":\"2025-06-18T19:46:32.345Z\",\"subject\":\"wamid.M1\","
                + "\"datacontenttype\":\"application/json\",\"data\":{"
                + "\"click_id\":\"c1f0b2a4e9d84c7a\",\"message_id\":\"wamid.M1\","
                + "\"account_id\":\"102290129340398\",\"link_index\":1,\"component\":\"cta\","
                + "\"url\":\"https://shop.example/p\",\"tracking_token\":\"example_token\","
                + "\"timestamp\":1750275992,\"timestamp_ms\":1750275992345,"
                + "\"ip\":\"203.0.113.9\",\"user_agent\":\"WhatsApp/2.24\","
                + "\"classification\":\"human\",\"reason\":\"ua:browser\",\"sequence\":4,"
                + "\"phone_number_id\":\"106540352242922\","
                + "\"display_phone_number\":\"15550783881\",\"product_id\":\"di9ozbzfi4\","
                + "\"link_data\":[{\"count\":0,\"url\":\"https://a.example\"},"
                + "{\"count\":5,\"url\":\"https://shop.example/p\"}],"
                + "\"recents\":[{\"sequence\":4,\"ip\":\"203.0.113.9\",\"link_index\":1,"
                + "\"timestamp\":1750275992,\"user_agent\":\"WhatsApp/2.24\"}]}}");
  }

  @Test
  void cloudEventsClick_leavesAbsentValuesOut() throws IOException {
    JsonNode data =
        tree(CloudEventPayloads.render(nylasClick(null, null, null, null), outgoing("w", 1, 0)))
            .get("data");

    assertThat(data.has("ip")).isFalse();
    assertThat(data.has("user_agent")).isFalse();
    assertThat(data.has("grant_id")).isFalse();
    assertThat(data.has("label")).isFalse();
    assertThat(data.has("phone_number_id")).isFalse();
    assertThat(data.has("product_id")).isFalse();
    assertThat(data.at("/recents/0").has("ip")).isFalse();
  }

  @Test
  void cloudEventsOpen_hasTheOpenRecord() throws IOException {
    JsonNode event = tree(CloudEventPayloads.render(open(), outgoing("wh_5", 1, 0)));

    assertThat(event.get("type").asText()).isEqualTo("io.clicktrail.message.opened");
    assertThat(event.get("time").asText()).isEqualTo("2023-09-23T14:48:10.000Z");
    assertThat(event.get("data").toString())
        .isEqualTo(
            "{\"open_id\":\"o2\",\"message_id\":\"m1\",\"account_id\":\"app_1\","
                + "\"timestamp\":1695480490,\"timestamp_ms\":1695480490000,"
                + "\"classification\":\"human\",\"reason\":\"ua:mail-client\","
                + "\"grant_id\":\"grant_1\",\"label\":\"news\",\"recents\":["
                + "{\"sequence\":0,\"ip\":\"198.51.100.1\",\"timestamp\":1695480400,"
                + "\"user_agent\":\"Mail\"},{\"sequence\":1,\"timestamp\":1695480490}]}");
  }

  @Test
  void cloudEventsRelay_dataIsTheValueUnchanged() throws IOException {
    JsonNode value =
        MAPPER.readTree("{\"messages\":[{\"id\":\"wamid.Z\",\"text\":{\"body\":\"héllo 👋\"}}]}");
    RelayNotice relay = new RelayNotice("7", EventType.INBOUND, "wamid.Z", 1_000_001, value);

    JsonNode event = tree(CloudEventPayloads.render(relay, outgoing("wh_6", 1, 0)));

    assertThat(event.get("type").asText()).isEqualTo("io.clicktrail.message.inbound");
    assertThat(event.get("source").asText()).isEqualTo("/clicktrail/accounts/7");
    assertThat(event.get("subject").asText()).isEqualTo("wamid.Z");
    assertThat(event.get("time").asText()).isEqualTo("1970-01-01T00:16:40.001Z");
    assertThat(event.get("data")).isEqualTo(value);
  }

  @Test
  void cloudEvents_sameEventOnEveryAttempt_newTimestampAndSignature() {
    Outgoing first = outgoing("wh_7", 1, 100);
    Outgoing retry =
        new Outgoing("wh_7", 2, first.queuedAt(), Instant.ofEpochSecond(900), WHSEC, APP_SECRET);

    Payload a = CloudEventPayloads.render(open(), first);
    Payload b = CloudEventPayloads.render(open(), retry);

    assertThat(b.body()).isEqualTo(a.body());
    assertThat(b.headers().get("webhook-timestamp")).isEqualTo("900");
    assertThat(b.headers().get("webhook-signature"))
        .isNotEqualTo(a.headers().get("webhook-signature"));
  }

  @Test
  void render_dispatchesOnTheFormat() {
    Outgoing out = outgoing("wh_8", 1, 0);
    ClickNotice click = whatsAppClick();

    assertThat(WireFormats.render(Format.WHATSAPP, click, out).body())
        .isEqualTo(WhatsAppPayloads.render(click, out).body());
    assertThat(WireFormats.render(Format.NYLAS, click, out).body())
        .isEqualTo(NylasPayloads.render(click, out).body());
    assertThat(WireFormats.render(Format.CLOUDEVENTS, click, out).body())
        .isEqualTo(CloudEventPayloads.render(click, out).body());
  }

  // --- signatures, checked against an implementation written here

  @Test
  void whatsApp_signature_isHexHmacOfTheBodyUnderTheAppSecret() {
    Payload payload = WhatsAppPayloads.render(whatsAppClick(), outgoing("wh_1", 1, 0));

    String expected =
        "sha256=" + HexFormat.of().formatHex(hmac(APP_SECRET.getBytes(UTF_8), payload.body()));
    assertThat(payload.headers()).containsEntry("X-Hub-Signature-256", expected);
  }

  @Test
  void nylas_signature_isHexHmacOfTheBodyUnderTheSecret() {
    Payload payload = NylasPayloads.render(nylasClick(), outgoing("wh_1", 1, 0, HEX_SECRET));

    String expected = HexFormat.of().formatHex(hmac(HEX_SECRET.getBytes(UTF_8), payload.body()));
    assertThat(payload.headers()).containsEntry("X-Nylas-Signature", expected);
  }

  @Test
  void cloudEvents_signature_followsStandardWebhooks() {
    ClickNotice click = nylasClick("grant_1", "Ünïcødé ✓ 😀", "203.0.113.7", CHROME);
    Payload payload = CloudEventPayloads.render(click, outgoing("wh_9", 1, 0));

    String id = payload.headers().get("webhook-id");
    String timestamp = payload.headers().get("webhook-timestamp");
    assertThat(payload.headers().get("webhook-signature"))
        .isEqualTo(standardWebhooksSignature(WHSEC, id, timestamp, payload.body()));
  }

  @Test
  void standardWebhooks_reproducesThePublishedExample() {
    String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    byte[] body = "{\"test\": 2432232314}".getBytes(UTF_8);
    String published = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    assertThat(standardWebhooksSignature(WHSEC, id, "1614265330", body)).isEqualTo(published);
    assertThat(Signatures.standardWebhooks(WHSEC, id, 1614265330, body)).isEqualTo(published);
  }

  @Test
  void standardWebhooks_secretWithoutPrefix_isRefused() {
    assertThatThrownBy(() -> Signatures.standardWebhooks(HEX_SECRET, "m", 1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_");
  }

  @Test
  void newSubscriptionSecret_isWhsecBase64ForCloudEventsAndHexOtherwise() {
    SecureRandom random = new SecureRandom();

    String whsec = Signatures.newSubscriptionSecret(Format.CLOUDEVENTS, random);
    String hex = Signatures.newSubscriptionSecret(Format.NYLAS, random);

    assertThat(whsec).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(whsec.substring(6))).hasSize(32);
    assertThat(hex).matches("[0-9a-f]{64}");
    assertThat(Signatures.newSubscriptionSecret(Format.WHATSAPP, random))
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(hex);
  }

  // --- the independent implementation

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String standardWebhooksSignature(
      String secret, String id, String timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
    String signed = id + "." + timestamp + "." + new String(body, UTF_8);
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, signed.getBytes(UTF_8)));
  }

  // --- notices and outgoing

  /** An attempt six seconds after queueing, with a secret that suits every format. */
  private static Outgoing outgoing(String webhookId, int attempt, long queuedAtSeconds) {
    return outgoing(webhookId, attempt, queuedAtSeconds, WHSEC);
  }

  private static Outgoing outgoing(
      String webhookId, int attempt, long queuedAtSeconds, String secret) {
    Instant queued = Instant.ofEpochSecond(queuedAtSeconds);
    return new Outgoing(webhookId, attempt, queued, queued.plusSeconds(6), secret, APP_SECRET);
  }

  private static ClickNotice nylasClick() {
    return nylasClick("grant_1", "Hey, just testing", "203.0.113.7", CHROME);
  }

  private static ClickNotice nylasClick(String grantId, String label, String ip, String userAgent) {
    return new ClickNotice(
        "app_1",
        "18ac281f237c934b",
        "k_1",
        1695480422_517L,
        ip,
        userAgent,
        0,
        "body",
        "https://www.example.com",
        "tok_1",
        "human",
        "ua:browser",
        0,
        null,
        null,
        null,
        grantId,
        label,
        List.of(new Engagement.LinkCount(1, "https://www.example.com")),
        List.of(new Engagement.Recent(0, ip, "0", 1695480422, userAgent)));
  }

  private static ClickNotice whatsAppClick() {
    return whatsAppClick("di9ozbzfi4", "106540352242922", "15550783881");
  }

  private static ClickNotice whatsAppClick(
      String productId, String phoneNumberId, String displayPhoneNumber) {
    return new ClickNotice(
        "102290129340398",
        "wamid.M1",
        "c1f0b2a4e9d84c7a",
        1750275992_345L,
        "203.0.113.9",
        "WhatsApp/2.24",
        1,
        "cta",
        "https://shop.example/p",
        "example_token",
        "human",
        "ua:browser",
        4,
        phoneNumberId,
        displayPhoneNumber,
        productId,
        null,
        null,
        List.of(
            new Engagement.LinkCount(0, "https://a.example"),
            new Engagement.LinkCount(5, "https://shop.example/p")),
        List.of(new Engagement.Recent(4, "203.0.113.9", "1", 1750275992, "WhatsApp/2.24")));
  }

  private static ClickNotice withClick(ClickNotice c, String clickId, long at, String component) {
    return new ClickNotice(
        c.accountId(),
        c.messageId(),
        clickId,
        at,
        c.ip(),
        c.userAgent(),
        c.linkIndex(),
        component,
        c.url(),
        c.trackingToken(),
        c.classification(),
        c.reason(),
        c.sequence() + 1,
        c.phoneNumberId(),
        c.displayPhoneNumber(),
        c.productId(),
        c.grantId(),
        c.label(),
        c.linkData(),
        c.recents());
  }

  private static OpenNotice open() {
    return new OpenNotice(
        "app_1",
        "m1",
        "o2",
        1695480490_000L,
        null,
        null,
        "human",
        "ua:mail-client",
        "grant_1",
        "news",
        List.of(
            new Engagement.RecentOpen(0, "198.51.100.1", 1695480400, "Mail"),
            new Engagement.RecentOpen(1, null, 1695480490, null)));
  }

  // --- reading

  private static JsonNode shared(String name) throws IOException {
    return MAPPER.readTree(Files.readString(SHARED_FIXTURES.resolve(name)));
  }

  private static JsonNode tree(Payload payload) throws IOException {
    return MAPPER.readTree(payload.body());
  }

  private static String text(Payload payload) {
    return new String(payload.body(), UTF_8);
  }

  private static JsonNode whatsAppValue(Payload payload) throws IOException {
    return tree(payload).at("/entry/0/changes/0/value");
  }
}
