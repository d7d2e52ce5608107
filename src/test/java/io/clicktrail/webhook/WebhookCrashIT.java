package io.clicktrail.webhook;

import static io.clicktrail.testing.JarProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.JarProcess;
import io.clicktrail.testing.WebhookReceiver;
import io.clicktrail.testing.WebhookReceiver.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queued webhook deliveries survive {@code kill -9} of the real jar: after the restart each is
 * delivered with its webhook id, and what a receiver already accepted is not sent again.
 */
class WebhookCrashIT {
  private static final String ADMIN = "t";
  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";
  private static final String[] FLAGS = {
    "--webhook-allow-private", "true", "--webhook-retry-schedule", "2s,2s,2s,2s,2s,2s,2s,2s,2s,2s"
  };

  @TempDir Path dir;
  private final List<JarProcess> started = new ArrayList<>();
  private final WebhookReceiver receiver = WebhookReceiver.start();

  @AfterEach
  void stop() throws InterruptedException {
    for (JarProcess p : started) {
      p.kill();
    }
    receiver.close();
  }

  private JarProcess startJar(String name) throws Exception {
    JarProcess p = JarProcess.start(dir, name, ADMIN, FLAGS);
    started.add(p);
    return p;
  }

  @Test
  void kill9WithDeliveriesPending_deliversEachAfterRestartWithItsId_andNothingAcceptedTwice()
      throws Exception {
    JarProcess first = startJar("first");
    String token =
        json(first.send("POST", "/v1/accounts", ADMIN, Map.of("name", "Acme")), 201)
            .get("access_token")
            .asText();
    String subscription =
        json(
                first.send(
                    "POST",
                    "/v1/webhooks",
                    token,
                    Map.of(
                        "url",
                        receiver.url("/hooks"),
                        "format",
                        "nylas",
                        "events",
                        List.of("link_clicked"))),
                201)
            .get("id")
            .asText();

    // 20 clicks the receiver accepts, recorded as delivered before the crash
    clickNewMessages(first, token, 0, 20);
    awaitDeliveries(first, token, subscription, "delivered", 20);
    Set<String> accepted = ids(receiver.posts());
    assertThat(accepted).hasSize(20);

    // 20 more that the receiver refuses: pending, retried every 2 s, when the process dies
    receiver.otherwise(Answer.status(500));
    clickNewMessages(first, token, 20, 40);
    await().atMost(Duration.ofSeconds(30)).until(() -> ids(receiver.posts()).size() == 40);
    first.kill();
    assertThat(first.process().exitValue()).isEqualTo(137);
    Set<String> refused = new HashSet<>(ids(receiver.posts()));
    refused.removeAll(accepted);
    assertThat(refused).hasSize(20);

    receiver.otherwise(Answer.status(200));
    int postsBeforeRestart = receiver.posts().size();
    JarProcess second = startJar("second");
    awaitDeliveries(second, token, subscription, "delivered", 40);

    List<WebhookReceiver.Received> afterRestart =
        receiver.posts().subList(postsBeforeRestart, receiver.posts().size());
    assertThat(ids(afterRestart))
        .as("sent after the restart")
        .containsExactlyInAnyOrderElementsOf(refused);
    Map<String, Integer> lastAttempt = new HashMap<>();
    for (WebhookReceiver.Received post : receiver.posts()) {
      JsonNode body = JarProcess.JSON.readTree(post.body());
      String id = body.get("id").asText();
      int attempt = body.get("webhook_delivery_attempt").asInt();
      assertThat(attempt)
          .as("attempt numbers of %s rise", id)
          .isGreaterThan(lastAttempt.getOrDefault(id, 0));
      lastAttempt.put(id, attempt);
    }
  }

  /** Registers messages {@code from} to {@code to} (exclusive) and clicks each one's link once. */
  private static void clickNewMessages(JarProcess jar, String token, int from, int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      JsonNode m =
          json(
              jar.send(
                  "POST",
                  "/v1/messages",
                  token,
                  Map.of(
                      "message_id",
                      "email-" + i,
                      "channel",
                      "email",
                      "grant_id",
                      "grant_1",
                      "recipient",
                      "r" + i + "@example.com",
                      "html",
                      "<a href=\"https://shop.example/p/" + i + "\">p</a>")),
              201);
      String tracked = m.get("links").get(0).get("tracked_url").asText();
      HttpResponse<Void> r =
          JarProcess.http()
              .send(
                  HttpRequest.newBuilder(URI.create(tracked)).header("User-Agent", BROWSER).build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(r.statusCode()).isEqualTo(302);
    }
  }

  private static void awaitDeliveries(
      JarProcess jar, String token, String subscription, String status, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                json(
                            jar.send(
                                "GET",
                                "/v1/webhooks/"
                                    + subscription
                                    + "/deliveries?limit=1000&status="
                                    + status,
                                token,
                                null),
                            200)
                        .get("data")
                        .size()
                    == count);
  }

  private static Set<String> ids(List<WebhookReceiver.Received> posts) {
    Set<String> ids = new HashSet<>();
    for (WebhookReceiver.Received post : posts) {
      try {
        ids.add(JarProcess.JSON.readTree(post.body()).get("id").asText());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    return ids;
  }
}
