package io.clicktrail.webhook;

import static io.clicktrail.webhook.DeliveryHarness.PROMPTLY;
import static io.clicktrail.webhook.DeliveryHarness.assertNoMorePosts;
import static io.clicktrail.webhook.Subscriber.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.WebhookReceiver;
import io.clicktrail.testing.WebhookReceiver.Answer;
import io.clicktrail.webhook.DeliveryHarness.Sub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery against receivers that fail in each way §6.3 names, on a clock the test moves: retries
 * are made due by advancing it, never by waiting. Before each advance the test waits until the
 * previous attempt is in the delivery log, so that its next attempt time was computed from the
 * clock the test expects.
 */
class DeliveryFaultTest {
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
  void twoFailuresThenSuccess_retriedWithSameWebhookId_andLoggedAttemptByAttempt() {
    start(Map.of());
    WebhookReceiver nylas = bench.receiver().answer(Answer.status(500), Answer.status(500));
    WebhookReceiver cloud = bench.receiver().answer(Answer.status(500), Answer.status(500));
    Sub nylasSub = bench.subscribe(nylas, "nylas");
    Sub cloudSub = bench.subscribe(cloud, "cloudevents");

    bench.clickNewEmail();
    bench.awaitAttempts(nylasSub, 1);
    bench.awaitAttempts(cloudSub, 1);
    assertThat(bench.status(nylasSub)).isEqualTo("failing");
    clock.advance(PAST_A_STEP);
    bench.awaitAttempts(nylasSub, 2);
    bench.awaitAttempts(cloudSub, 2);
    clock.advance(PAST_A_STEP);
    JsonNode nylasDelivery = bench.awaitAttempts(nylasSub, 3);
    JsonNode cloudDelivery = bench.awaitAttempts(cloudSub, 3);

    assertThat(nylas.posts()).hasSize(3);
    assertThat(cloud.posts()).hasSize(3);
    String nylasId = nylasDelivery.get("webhook_id").asText();
    String cloudId = cloudDelivery.get("webhook_id").asText();
    assertThat(nylas.posts()).extracting(p -> json(p).get("id").asText()).containsOnly(nylasId);
    assertThat(nylas.posts())
        .extracting(p -> json(p).get("webhook_delivery_attempt").asInt())
        .containsExactly(1, 2, 3);
    assertThat(cloud.posts()).extracting(p -> p.header("webhook-id")).containsOnly(cloudId);
    assertThat(cloud.posts()).extracting(p -> json(p).get("id").asText()).containsOnly(cloudId);
    nylas.posts().forEach(p -> Subscriber.assertNylasSignature(p, nylasSub.secret()));
    cloud.posts().forEach(p -> Subscriber.assertStandardWebhooksSignature(p, cloudSub.secret()));
    for (JsonNode delivery : List.of(nylasDelivery, cloudDelivery)) {
      assertThat(delivery.get("status").asText()).isEqualTo("delivered");
      assertThat(delivery.get("event").asText()).isEqualTo("link_clicked");
      assertThat(delivery.get("subject").asText()).isEqualTo("m.1");
      assertThat(delivery.get("next_attempt_time").isNull()).isTrue();
      List<JsonNode> attempts = DeliveryHarness.attempts(delivery);
      assertThat(DeliveryHarness.field(attempts, "attempt")).containsExactly(1, 2, 3);
      assertThat(DeliveryHarness.field(attempts, "http_status")).containsExactly(500, 500, 200);
      assertThat(attempts)
          .extracting(a -> a.get("succeeded").asBoolean())
          .containsExactly(false, false, true);
      assertThat(attempts).allSatisfy(a -> assertThat(a.get("error").isNull()).isTrue());
    }
    assertThat(bench.status(nylasSub)).isEqualTo("active");
    assertThat(bench.status(cloudSub)).isEqualTo("active");
  }

  @Test
  void gone410_failsDeliveryAtOnce_andSubscription_nothingMoreAttempted() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver().otherwise(Answer.status(410));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    JsonNode delivery = bench.awaitAttempts(sub, 1);
    await()
        .atMost(PROMPTLY)
        .until(() -> bench.deliveries(sub).get(0).get("status").asText().equals("failed"));
    assertThat(
            DeliveryHarness.field(
                DeliveryHarness.attempts(bench.deliveries(sub).get(0)), "http_status"))
        .containsExactly(410);
    assertThat(bench.status(sub)).isEqualTo("failed");

    bench.clickNewEmail(); // queued, but held for a failed subscription
    await().atMost(PROMPTLY).until(() -> bench.deliveries(sub).size() == 2);
    clock.advance(Duration.ofHours(1));
    assertNoMorePosts(receiver);
    assertThat(receiver.posts()).hasSize(1);
    List<JsonNode> all = bench.deliveries(sub);
    assertThat(all.get(0).get("status").asText()).isEqualTo("pending");
    assertThat(all.get(0).get("attempts")).isEmpty();
    assertThat(all.get(1).get("webhook_id").asText())
        .isEqualTo(delivery.get("webhook_id").asText());
    assertThat(all.get(1).get("attempts")).hasSize(1);
  }

  @Test
  void tooManyRequests_withRetryAfterSeconds_waitsThatLong() {
    retryAfterIsHonoured(429, "3600");
  }

  @Test
  void unavailable_withRetryAfterHttpDate_waitsUntilThen() {
    String inAnHour =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            DeliveryHarness.T0.plus(Duration.ofHours(1)).atZone(ZoneOffset.UTC));
    retryAfterIsHonoured(503, inAnHour);
  }

  private void retryAfterIsHonoured(int status, String retryAfter) {
    start(Map.of());
    WebhookReceiver receiver =
        bench.receiver().answer(Answer.status(status).withHeader("Retry-After", retryAfter));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    JsonNode first = bench.awaitAttempts(sub, 1);
    assertThat(DeliveryHarness.field(DeliveryHarness.attempts(first), "http_status"))
        .containsExactly(status);
    assertThat(first.get("next_attempt_time").asLong())
        .isEqualTo(DeliveryHarness.T0.plus(Duration.ofHours(1)).getEpochSecond());

    clock.advance(Duration.ofMinutes(30));
    assertNoMorePosts(receiver);
    assertThat(receiver.posts()).hasSize(1);
    clock.advance(Duration.ofMinutes(31));
    JsonNode done = bench.awaitAttempts(sub, 2);
    assertThat(done.get("status").asText()).isEqualTo("delivered");
    assertThat(receiver.posts()).hasSize(2);
  }

  @Test
  void redirect302_isAFailure_andItsLocationIsNeverRequested() {
    start(Map.of());
    WebhookReceiver receiver = bench.receiver();
    receiver.answer(Answer.status(302).withHeader("Location", receiver.url("/moved")));
    Sub sub = bench.subscribe(receiver, "cloudevents");

    bench.clickNewEmail();
    JsonNode first = bench.awaitAttempts(sub, 1);
    assertThat(first.get("status").asText()).isEqualTo("pending");
    assertThat(DeliveryHarness.field(DeliveryHarness.attempts(first), "http_status"))
        .containsExactly(302);
    assertThat(first.at("/attempts/0/succeeded").asBoolean()).isFalse();
    assertThat(bench.status(sub)).isEqualTo("failing");
    clock.advance(PAST_A_STEP);
    assertThat(bench.awaitAttempts(sub, 2).get("status").asText()).isEqualTo("delivered");

    assertThat(receiver.requests())
        .extracting(r -> r.uri().getPath())
        .doesNotContain("/moved")
        .contains("/hooks");
  }

  @Test
  void receiverSlowerThanTimeout_isAFailureMentioningTimeout_thenRetried() {
    start(Map.of("webhook-timeout", "1s"));
    WebhookReceiver receiver =
        bench.receiver().answer(Answer.status(200).after(Duration.ofSeconds(3)));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    JsonNode first = bench.awaitAttempts(sub, 1);
    JsonNode attempt = first.at("/attempts/0");
    assertThat(attempt.get("succeeded").asBoolean()).isFalse();
    assertThat(attempt.get("http_status").isNull()).isTrue();
    assertThat(attempt.get("error").asText()).containsIgnoringCase("timeout");
    assertThat(attempt.get("latency_ms").asLong()).isBetween(900L, 2900L);
    assertThat(first.get("status").asText()).isEqualTo("pending");

    clock.advance(PAST_A_STEP);
    assertThat(bench.awaitAttempts(sub, 2).get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void bodyDrippedSlowerThanTimeout_endsTheAttemptAtTheTimeout() {
    start(Map.of("webhook-timeout", "1s"));
    byte[] body = "ok-".repeat(20).getBytes(UTF_8);
    // 60 bytes, one per 100 ms: the body would take 6 s
    WebhookReceiver receiver =
        bench.receiver().answer(Answer.status(200).withBody(body).dripping(Duration.ofMillis(100)));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    JsonNode attempt = bench.awaitAttempts(sub, 1).at("/attempts/0");
    assertThat(attempt.get("latency_ms").asLong()).isLessThan(3000L);
    // the 2xx status came within the timeout: delivered, with what of the body had arrived
    assertThat(attempt.get("http_status").asInt()).isEqualTo(200);
    assertThat(attempt.get("succeeded").asBoolean()).isTrue();
    assertThat(new String(body, UTF_8)).startsWith(attempt.get("response_body").asText());
    assertThat(bench.deliveries(sub).get(0).get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void hugeSuccessfulBody_isDelivered_andOnlyItsFirst4KiBAreKept() {
    start(Map.of());
    byte[] huge = "a".repeat(5 * 1024 * 1024).getBytes(UTF_8);
    WebhookReceiver receiver = bench.receiver().answer(Answer.status(200).withBody(huge));
    Sub sub = bench.subscribe(receiver, "nylas");

    bench.clickNewEmail();
    JsonNode delivery = bench.awaitAttempts(sub, 1);
    assertThat(delivery.get("status").asText()).isEqualTo("delivered");
    String kept = delivery.at("/attempts/0/response_body").asText();
    assertThat(kept.getBytes(UTF_8).length).isBetween(1, 4096);
    assertThat(kept).matches("a+");
  }

  @Test
  void connectionRefused_isAFailureWithAnError_andIsRetried() {
    start(Map.of());
    WebhookReceiver dead = bench.receiver();
    Sub sub = bench.subscribe(dead, "nylas");
    dead.close();

    bench.clickNewEmail();
    JsonNode first = bench.awaitAttempts(sub, 1);
    assertThat(first.get("status").asText()).isEqualTo("pending");
    assertThat(first.at("/attempts/0/http_status").isNull()).isTrue();
    assertThat(first.at("/attempts/0/error").asText()).isNotBlank();
    clock.advance(PAST_A_STEP);
    JsonNode second = bench.awaitAttempts(sub, 2);
    assertThat(DeliveryHarness.field(DeliveryHarness.attempts(second), "attempt"))
        .containsExactly(1, 2);
    assertThat(second.at("/attempts/1/error").asText()).isNotBlank();
    assertThat(bench.status(sub)).isEqualTo("failing");
  }
}
