package io.clicktrail.webhook;

import static io.clicktrail.webhook.DeliveryHarness.PROMPTLY;
import static io.clicktrail.webhook.DeliveryHarness.assertNoMorePosts;
import static io.clicktrail.webhook.Subscriber.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import io.clicktrail.testing.WebhookReceiver.Answer;
import io.clicktrail.webhook.DeliveryHarness.Sub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to deliveries and subscriptions over time, on a clock the test moves: a retry
 * schedule running out, a subscription failing long enough to be disabled and then re-activated,
 * replay, and one stalled receiver beside a healthy one.
 */
class DeliveryLifecycleTest {
  private static final Duration PAST_A_STEP = DeliveryHarness.PAST_A_STEP;

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at(DeliveryHarness.T0);
  DeliveryHarness bench;

  private void start(Map<String, String> flags) {
    bench = DeliveryHarness.startShortSchedule(dir, flags, clock);
  }

  @AfterEach
  void stop() {
    if (bench != null) {
      bench.close();
    }
  }

  @Test
  void scheduleExhausted_failsTheDelivery_andStopsAttempting() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver().otherwise(Answer.status(500));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    bench.awaitAttempts(sub, 1);
    for (int attempt = 2; attempt <= 4; attempt++) {
      clock.advance(PAST_A_STEP);
      bench.awaitAttempts(sub, attempt);
    }
    JsonNode delivery = bench.deliveries(sub).get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("failed");
    assertThat(delivery.get("next_attempt_time").isNull()).isTrue();
    assertThat(DeliveryHarness.field(DeliveryHarness.attempts(delivery), "attempt"))
        .containsExactly(1, 2, 3, 4);

    clock.advance(Duration.ofHours(1));
    assertNoMorePosts(receiver);
    assertThat(receiver.posts()).hasSize(4);
    assertThat(bench.status(sub)).isEqualTo("failing");
  }

  @Test
  void failingLongerThanDisableAfter_becomesFailed_andReactivationSendsHeldDeliveries() {
    start(
        Map.of(
            "webhook-disable-after", "1h",
            "webhook-retry-schedule", "10m,10m,10m,10m,10m,10m,10m,10m,10m,10m"));
    WebhookReceiver receiver = bench.receiver().otherwise(Answer.status(500));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    bench.awaitAttempts(sub, 1);
    for (int attempt = 2; attempt <= 5; attempt++) {
      clock.advance(Duration.ofMinutes(12));
      bench.awaitAttempts(sub, attempt);
    }
    assertThat(bench.status(sub)).isEqualTo("failing");
    clock.advance(Duration.ofMinutes(13)); // 61 minutes after the first failure
    await().atMost(PROMPTLY).until(() -> bench.status(sub).equals("failed"));
    // an attempt racing the switch may still finish; after it nothing is started
    await().atMost(PROMPTLY).until(() -> bench.recordedAttempts(sub) == receiver.posts().size());
    int attempted = receiver.posts().size();
    clock.advance(Duration.ofHours(1));
    assertNoMorePosts(receiver);
    assertThat(receiver.posts()).hasSize(attempted);

    bench.clickNewEmail(); // queued and held while failed
    await().atMost(PROMPTLY).until(() -> bench.deliveries(sub).size() == 2);
    assertNoMorePosts(receiver);
    receiver.otherwise(Answer.status(200));
    TestServer.Response patched = bench.patchStatus(sub, "active");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);

    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(bench.deliveries(sub))
                    .extracting(d -> d.get("status").asText())
                    .containsExactly("delivered", "delivered"));
    assertThat(receiver.posts()).hasSize(attempted + 2);
    assertThat(bench.status(sub)).isEqualTo("active");
  }

  @Test
  void replayOfFailedDeliveries_resendsThemWithTheirWebhookIds() {
    start(Map.of("webhook-retry-schedule", "1s"));
    WebhookReceiver receiver = bench.receiver().otherwise(Answer.status(500));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    bench.clickNewEmail();
    await()
        .atMost(PROMPTLY)
        .until(() -> bench.deliveries(sub).size() == 2 && bench.recordedAttempts(sub) == 2);
    clock.advance(PAST_A_STEP);
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(bench.deliveries(sub))
                    .extracting(d -> d.get("status").asText())
                    .containsExactly("failed", "failed"));
    Set<String> ids =
        bench.deliveries(sub).stream()
            .map(d -> d.get("webhook_id").asText())
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(2);
    assertThat(receiver.posts())
        .extracting(p -> json(p).get("id").asText())
        .containsExactlyInAnyOrderElementsOf(
            List.of(ids, ids).stream().flatMap(Set::stream).toList());

    receiver.otherwise(Answer.status(200));
    TestServer.Response replayed =
        bench.server.post(
            "/v1/webhooks/" + sub.id() + "/replay",
            bench.acme.token(),
            Map.of("since", DeliveryHarness.T0.getEpochSecond() - 60));
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);

    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(bench.deliveries(sub))
                    .extracting(d -> d.get("status").asText())
                    .containsExactly("delivered", "delivered"));
    List<WebhookReceiver.Received> resent = receiver.posts().subList(4, 6);
    assertThat(resent)
        .extracting(p -> json(p).get("id").asText())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(resent)
        .extracting(p -> json(p).get("webhook_delivery_attempt").asInt())
        .containsOnly(3);
    assertThat(bench.deliveries(sub))
        .extracting(d -> d.get("webhook_id").asText())
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void stalledReceiver_doesNotDelayAHealthyOne_andHoldsAtMost16Attempts() {
    start(Map.of("webhook-timeout", "10s"));
    WebhookReceiver slow =
        bench.receiver().otherwise(Answer.status(200).after(Duration.ofSeconds(5)));
    WebhookReceiver healthy = bench.receiver();
    Sub slowSub = bench.subscribe(slow, "nylas");
    Sub healthySub = bench.subscribe(healthy, "cloudevents");

    for (int i = 0; i < 20; i++) {
      bench.clickNewEmail();
    }

    await().atMost(Duration.ofSeconds(4)).until(() -> healthy.posts().size() == 20);
    // the healthy one finished within 4 s, before any stalled POST (5 s) could be answered: the
    // stalled receiver holds its 16 slots and its deliveries are still pending
    assertThat(slow.posts()).hasSizeLessThanOrEqualTo(DeliveryRunner.IN_FLIGHT_PER_SUBSCRIPTION);
    assertThat(bench.deliveryStatuses(slowSub)).containsOnly("pending");
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(bench.deliveries(healthySub))
                    .hasSize(20)
                    .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("delivered")));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(bench.deliveries(slowSub))
                    .hasSize(20)
                    .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("delivered")));
    assertThat(slow.posts()).hasSize(20);
  }
}
