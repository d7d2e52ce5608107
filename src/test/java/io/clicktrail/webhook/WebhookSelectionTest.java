package io.clicktrail.webhook;

import static io.clicktrail.webhook.DeliveryHarness.PHONE;
import static io.clicktrail.webhook.DeliveryHarness.PROMPTLY;
import static io.clicktrail.webhook.DeliveryHarness.onlyPost;
import static io.clicktrail.webhook.Subscriber.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import io.clicktrail.webhook.DeliveryHarness.Sub;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which clicks and opens become webhooks for which subscriptions: bots and prefetches (unless
 * {@code count-bots}), messages sent before {@code event-window}, event filters, paused
 * subscriptions. Each absence is checked after a later event that did produce a webhook.
 */
class WebhookSelectionTest {
  private static final String PREVIEW = "WhatsApp/2.23.20.0 A";

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
  void botAndPrefetchClicks_produceNoWebhook() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver();
    Sub sub = bench.subscribe(receiver, "nylas", List.of("link_clicked"));
    String tracked = bench.emailLink("m.B1");

    bench.click(tracked, PREVIEW);
    assertThat(
            bench
                .server
                .request("HEAD", tracked, Map.of("User-Agent", TestServer.BROWSER))
                .status())
        .isEqualTo(302);
    bench.click(tracked, TestServer.BROWSER); // the sentinel: queued after both bot clicks

    WebhookReceiver.Received post = onlyPost(receiver);
    assertThat(json(post).at("/data/object/recents")).hasSize(1);
    assertThat(json(post).at("/data/object/recents/0/user_agent").asText())
        .isEqualTo(TestServer.BROWSER);
    assertThat(bench.deliveries(sub)).hasSize(1);
    assertThat(bench.server.allClicks(bench.acme.token(), "m.B1")).hasSize(3);
  }

  @Test
  void botAndPrefetchClicks_withCountBots_produceWebhooks() {
    start(Map.of("count-bots", "true"));
    WebhookReceiver receiver = bench.receiver();
    Sub sub = bench.subscribe(receiver, "nylas", List.of("link_clicked"));
    String tracked = bench.emailLink("m.B2");

    bench.click(tracked, PREVIEW);
    assertThat(
            bench
                .server
                .request("HEAD", tracked, Map.of("User-Agent", TestServer.BROWSER))
                .status())
        .isEqualTo(302);

    await().atMost(PROMPTLY).until(() -> receiver.posts().size() == 2);
    assertThat(bench.deliveries(sub)).hasSize(2);
    JsonNode latest =
        receiver.posts().stream()
            .map(Subscriber::json)
            .filter(b -> b.at("/data/object/recents").size() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(latest.at("/data/object/recents"))
        .extracting(r -> r.get("user_agent").asText())
        .containsExactly(PREVIEW, TestServer.BROWSER);
  }

  @Test
  void clickOnMessageSentBeforeEventWindow_producesNoWebhook_butIsRecorded() {
    start(Map.of("event-window", "1h"));
    WebhookReceiver receiver = bench.receiver();
    Sub sub = bench.subscribe(receiver, "whatsapp", List.of("link_clicked"));
    long twoHoursAgo = Instant.now().getEpochSecond() - 7200;
    String old =
        bench
            .server
            .registerMessage(
                bench.acme,
                Map.of(
                    "message_id", "wamid.OLD",
                    "phone_number_id", PHONE,
                    "recipient", "16505551234",
                    "sent_at", twoHoursAgo,
                    "text", "Last time: https://shop.example/old"))
            .at("/links/0/tracked_url")
            .asText();
    String fresh =
        bench
            .server
            .registerMessage(
                bench.acme,
                Map.of(
                    "message_id", "wamid.NEW",
                    "phone_number_id", PHONE,
                    "recipient", "16505551234",
                    "text", "Now: https://shop.example/new"))
            .at("/links/0/tracked_url")
            .asText();

    bench.click(old, TestServer.BROWSER);
    bench.click(fresh, TestServer.BROWSER); // the sentinel

    onlyPost(receiver);
    assertThat(bench.deliveries(sub))
        .extracting(d -> d.get("subject").asText())
        .containsExactly("wamid.NEW");
    assertThat(bench.server.allClicks(bench.acme.token(), "wamid.OLD"))
        .extracting(c -> c.get("classification").asText())
        .containsExactly("human");
  }

  @Test
  void subscriptionForOpenedOnly_getsNoClick_butGetsTheOpen() {
    start(Map.of());
    WebhookReceiver opens = bench.receiver();
    WebhookReceiver clicks = bench.receiver();
    Sub openSub = bench.subscribe(opens, "nylas", List.of("opened"));
    bench.subscribe(clicks, "nylas", List.of("link_clicked"));
    DeliveryHarness.Tracked email = bench.trackedEmail("m.O1");

    bench.click(email.link(), TestServer.BROWSER);
    onlyPost(clicks);
    assertThat(bench.deliveries(openSub)).isEmpty();
    assertThat(opens.posts()).isEmpty();

    bench.open(email.pixel());
    WebhookReceiver.Received post = onlyPost(opens);
    assertThat(json(post).get("type").asText()).isEqualTo("message.opened");
    assertThat(clicks.posts()).hasSize(1);
  }

  @Test
  void pausedSubscription_getsNothing() {
    start(Map.of());
    WebhookReceiver paused = bench.receiver();
    WebhookReceiver active = bench.receiver();
    Sub pausedSub = bench.subscribe(paused, "nylas", List.of("link_clicked"));
    bench.subscribe(active, "nylas", List.of("link_clicked"));
    TestServer.Response patched = bench.patchStatus(pausedSub, "paused");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("status").asText()).isEqualTo("paused");

    bench.click(bench.emailLink("m.P1"), TestServer.BROWSER);

    onlyPost(active);
    assertThat(bench.deliveries(pausedSub)).isEmpty();
    assertThat(paused.posts()).isEmpty();
  }
}
