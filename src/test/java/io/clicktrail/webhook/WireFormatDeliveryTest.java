package io.clicktrail.webhook;

import static io.clicktrail.webhook.DeliveryHarness.ACME;
import static io.clicktrail.webhook.DeliveryHarness.PHONE;
import static io.clicktrail.webhook.DeliveryHarness.PROMPTLY;
import static io.clicktrail.webhook.DeliveryHarness.onlyPost;
import static io.clicktrail.webhook.Subscriber.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import io.clicktrail.webhook.DeliveryHarness.Sub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each wire format end to end from a running server on the system clock, as a subscriber receives
 * it: body, headers and signatures, checked with test-side HMACs.
 */
class WireFormatDeliveryTest {
  /** Copy of {@code shared/fixtures/whatsapp/click-user-action.json} (WireFormatsTest pins it). */
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

  @TempDir Path dir;
  DeliveryHarness bench;

  private void start(Map<String, String> flags) {
    bench = DeliveryHarness.start(dir, flags, InstantSource.system());
  }

  @AfterEach
  void stop() {
    if (bench != null) {
      bench.close();
    }
  }

  @Test
  void whatsAppCtaClick_matchesFixtureFieldForField_signedWithAppSecret() throws IOException {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver();
    bench.subscribe(receiver, "whatsapp", List.of("link_clicked"));
    JsonNode link =
        bench
            .server
            .registerMessage(
                bench.acme,
                Map.of(
                    "message_id", "wamid.W1",
                    "phone_number_id", PHONE,
                    "recipient", "16505551234",
                    "product_id", "di9ozbzfi4",
                    "cta_urls", List.of("https://shop.example/sale?u=42")))
            .at("/links/0");
    assertThat(link.get("component").asText()).isEqualTo("cta");
    String tracked = link.get("tracked_url").asText();
    String token = tracked.substring(tracked.lastIndexOf('/') + 1);

    bench.click(tracked, TestServer.BROWSER);

    WebhookReceiver.Received post = onlyPost(receiver);
    JsonNode recorded = bench.server.allClicks(bench.acme.token(), "wamid.W1").get(0);
    ObjectNode expected = (ObjectNode) TestServer.JSON.readTree(WHATSAPP_FIXTURE);
    ObjectNode action = (ObjectNode) expected.at("/entry/0/changes/0/value/user_actions/0");
    action.put("timestamp", Long.toString(recorded.get("timestamp").asLong()));
    ObjectNode data = (ObjectNode) action.get("marketing_messages_link_click_data");
    data.put("click_id", recorded.get("click_id").asText());
    data.put("tracking_token", token);
    assertThat(json(post)).isEqualTo(expected);
    // same keys in the same order, compact
    assertThat(post.text()).isEqualTo(TestServer.JSON.writeValueAsString(expected));
    assertThat(json(post).at("/entry/0/changes/0/value/user_actions/0/timestamp").isTextual())
        .isTrue();
    assertThat(post.header("Content-Type")).startsWith("application/json");
    Subscriber.assertHubSignature(post, bench.acme.created().get("app_secret").asText());

    TestServer.Response resolved = bench.server.get("/v1/tracking/" + token, bench.acme.token());
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().get("tracking_token").asText()).isEqualTo(token);
    assertThat(resolved.json().get("message_id").asText()).isEqualTo("wamid.W1");
    assertThat(resolved.json().get("link_index").asText()).isEqualTo("0");
    assertThat(resolved.json().get("url").asText()).isEqualTo("https://shop.example/sale?u=42");
  }

  @Test
  void cloudEventsClickAndOpen_structuredModeWithEveryAttribute_signedPerStandardWebhooks() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver();
    Sub sub = bench.subscribe(receiver, "cloudevents", List.of("link_clicked", "opened"));
    String tracked = bench.emailLink("m.CE1");
    String pixel = bench.trackedEmail("m.CE2").pixel();

    bench.click(tracked, TestServer.BROWSER);
    await().atMost(PROMPTLY).until(() -> receiver.posts().size() == 1);
    bench.open(pixel);
    await().atMost(PROMPTLY).until(() -> receiver.posts().size() == 2);

    long now = Instant.now().getEpochSecond();
    List<String> ids = new ArrayList<>();
    for (WebhookReceiver.Received post : receiver.posts()) {
      assertThat(post.header("Content-Type")).isEqualTo("application/cloudevents+json");
      Subscriber.assertStandardWebhooksSignature(post, sub.secret());
      assertThat(Long.parseLong(post.header("webhook-timestamp"))).isBetween(now - 60, now + 5);
      JsonNode event = json(post);
      assertThat(event.get("specversion").asText()).isEqualTo("1.0");
      assertThat(event.get("id").asText()).isEqualTo(post.header("webhook-id"));
      assertThat(event.get("source").asText()).isEqualTo("/clicktrail/accounts/" + ACME);
      assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(Instant.parse(event.get("time").asText()).getEpochSecond())
          .isBetween(now - 60, now + 5);
      assertThat(event.get("data").isObject()).isTrue();
      ids.add(event.get("id").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
    JsonNode clicked = json(receiver.posts().get(0));
    assertThat(clicked.get("type").asText()).isEqualTo("io.clicktrail.message.link_clicked");
    assertThat(clicked.get("subject").asText()).isEqualTo("m.CE1");
    assertThat(clicked.at("/data/message_id").asText()).isEqualTo("m.CE1");
    assertThat(clicked.at("/data/url").asText()).isEqualTo("https://shop.example/june");
    assertThat(clicked.at("/data/user_agent").asText()).isEqualTo(TestServer.BROWSER);
    assertThat(clicked.at("/data/click_id").asText())
        .isEqualTo(
            bench.server.allClicks(bench.acme.token(), "m.CE1").get(0).get("click_id").asText());
    JsonNode opened = json(receiver.posts().get(1));
    assertThat(opened.get("type").asText()).isEqualTo("io.clicktrail.message.opened");
    assertThat(opened.get("subject").asText()).isEqualTo("m.CE2");
    assertThat(opened.at("/data/message_id").asText()).isEqualTo("m.CE2");
    assertThat(bench.deliveries(sub))
        .extracting(d -> d.get("webhook_id").asText())
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void nylasOpen_deliveredAsMessageOpened_signedWithSubscriptionSecret() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver();
    Sub sub = bench.subscribe(receiver, "nylas", List.of("opened"));
    String pixel = bench.trackedEmail("m.N1").pixel();

    bench.open(pixel);

    WebhookReceiver.Received post = onlyPost(receiver);
    Subscriber.assertNylasSignature(post, sub.secret());
    JsonNode body = json(post);
    assertThat(body.get("specversion").asText()).isEqualTo("1.0");
    assertThat(body.get("type").asText()).isEqualTo("message.opened");
    assertThat(body.get("source").asText()).isEqualTo("/clicktrail/tracking");
    assertThat(body.get("id").asText())
        .isEqualTo(bench.deliveries(sub).get(0).get("webhook_id").asText());
    assertThat(body.get("webhook_delivery_attempt").asInt()).isEqualTo(1);
    assertThat(body.at("/data/application_id").asText()).isEqualTo(ACME);
    JsonNode object = body.at("/data/object");
    assertThat(object.get("message_id").asText()).isEqualTo("m.N1");
    assertThat(object.get("label").asText()).isEqualTo("June news");
    assertThat(object.get("recents")).hasSize(1);
    JsonNode recent = object.get("recents").get(0);
    assertThat(recent.get("opened_id").asInt()).isZero();
    assertThat(recent.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(recent.get("user_agent").asText()).isEqualTo(TestServer.BROWSER);
    assertThat(recent.get("timestamp").asLong())
        .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
  }

  @Test
  void twoSubscriptionsOfDifferentFormats_getTheSameClick_withDifferentStableWebhookIds() {
    start(Map.of("webhook-retry-schedule", "200ms"));
    WebhookReceiver nylas = bench.receiver();
    WebhookReceiver cloud = bench.receiver();
    Sub nylasSub = bench.subscribe(nylas, "nylas", List.of("link_clicked"));
    Sub cloudSub = bench.subscribe(cloud, "cloudevents", List.of("link_clicked"));
    // each refuses the first attempt: the retry must carry the same id
    nylas.answer(WebhookReceiver.Answer.status(500));
    cloud.answer(WebhookReceiver.Answer.status(500));

    bench.click(bench.emailLink("m.T1"), TestServer.BROWSER);

    await().atMost(PROMPTLY).until(() -> nylas.posts().size() == 2 && cloud.posts().size() == 2);
    List<String> nylasIds = nylas.posts().stream().map(p -> json(p).get("id").asText()).toList();
    List<String> cloudIds = cloud.posts().stream().map(p -> p.header("webhook-id")).toList();
    assertThat(nylasIds).containsOnly(nylasIds.get(0));
    assertThat(cloudIds).containsOnly(cloudIds.get(0));
    assertThat(nylasIds.get(0)).isNotEqualTo(cloudIds.get(0));
    assertThat(nylas.posts())
        .extracting(p -> json(p).get("webhook_delivery_attempt").asInt())
        .containsExactly(1, 2);
    assertThat(json(nylas.posts().get(1)).at("/data/object/message_id").asText())
        .isEqualTo(json(cloud.posts().get(1)).get("subject").asText())
        .isEqualTo("m.T1");
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () -> {
              assertThat(bench.deliveries(nylasSub).get(0).get("status").asText())
                  .isEqualTo("delivered");
              assertThat(bench.deliveries(cloudSub).get(0).get("status").asText())
                  .isEqualTo("delivered");
            });
    assertThat(bench.deliveries(nylasSub).get(0).get("webhook_id").asText())
        .isEqualTo(nylasIds.get(0));
    assertThat(bench.deliveries(cloudSub).get(0).get("webhook_id").asText())
        .isEqualTo(cloudIds.get(0));
    for (WebhookReceiver.Received post : nylas.posts()) {
      Subscriber.assertNylasSignature(post, nylasSub.secret());
    }
    for (WebhookReceiver.Received post : cloud.posts()) {
      Subscriber.assertStandardWebhooksSignature(post, cloudSub.secret());
    }
  }
}
