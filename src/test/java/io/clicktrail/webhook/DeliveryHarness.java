package io.clicktrail.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server (private webhook URLs allowed) with the spec's account and phone number, loopback
 * receivers, and what a subscriber does through the API: subscribe, read the delivery log, click
 * and open. Closes the server and every receiver it started.
 */
final class DeliveryHarness implements AutoCloseable {
  static final String ACME = "102290129340398";
  static final String PHONE = "106540352242922";
  static final String DISPLAY = "15550783881";

  /** Long enough for anything the server does at once. */
  static final Duration PROMPTLY = Duration.ofSeconds(10);

  /** How long nothing must happen to count as "nothing was sent". */
  private static final Duration QUIET = Duration.ofMillis(500);

  private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]+/o/[A-Za-z0-9_-]+)\"");

  final TestServer server;
  final TestServer.Account acme;
  private final List<WebhookReceiver> receivers = new ArrayList<>();
  private int messages;

  private DeliveryHarness(TestServer server) {
    this.server = server;
    this.acme = server.createAccount(ACME, "Acme");
    server.phoneNumber(acme, PHONE, DISPLAY);
  }

  /** Where the compressed-time tests start their clock. */
  static final java.time.Instant T0 = java.time.Instant.parse("2025-06-18T19:30:00Z");

  /** More than the longest jittered delay of the "1s,2s,4s" schedule (4 s + 20 %). */
  static final Duration PAST_A_STEP = Duration.ofSeconds(5);

  /** Starts a server on {@code clock}, retrying after 1 s, 2 s and 4 s unless flagged. */
  static DeliveryHarness startShortSchedule(
      Path dir, Map<String, String> flags, InstantSource clock) {
    Map<String, String> all = new HashMap<>();
    all.put("webhook-retry-schedule", "1s,2s,4s");
    all.putAll(flags);
    return start(dir, all, clock);
  }

  /** One member of every attempt, as integers (null where JSON null). */
  static List<Integer> field(List<JsonNode> attempts, String name) {
    return attempts.stream().map(a -> a.get(name).isNull() ? null : a.get(name).asInt()).toList();
  }

  /** A delivery's attempts, oldest first. */
  static List<JsonNode> attempts(JsonNode delivery) {
    List<JsonNode> out = new ArrayList<>();
    delivery.get("attempts").forEach(out::add);
    return out;
  }

  /** Starts a server in {@code dir} with {@code flags} on {@code clock}. */
  static DeliveryHarness start(Path dir, Map<String, String> flags, InstantSource clock) {
    Map<String, String> all = new HashMap<>(flags);
    all.put("webhook-allow-private", "true");
    return new DeliveryHarness(TestServer.start(dir, all, clock));
  }

  /** A new receiver on a free loopback port, closed with the bench. */
  WebhookReceiver receiver() {
    WebhookReceiver r = WebhookReceiver.start();
    receivers.add(r);
    return r;
  }

  /** A created subscription: its id and signing secret. */
  record Sub(String id, String secret) {}

  Sub subscribe(WebhookReceiver receiver, String format, List<String> events) {
    TestServer.Response r =
        server.post(
            "/v1/webhooks",
            acme.token(),
            Map.of("url", receiver.url("/hooks"), "format", format, "events", events));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new Sub(r.json().get("id").asText(), r.json().get("secret").asText());
  }

  /** A subscription to clicks. */
  Sub subscribe(WebhookReceiver receiver, String format) {
    return subscribe(receiver, format, List.of("link_clicked"));
  }

  /** The subscription's deliveries, newest first. */
  List<JsonNode> deliveries(Sub sub) {
    TestServer.Response r = server.get("/v1/webhooks/" + sub.id() + "/deliveries", acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("data").forEach(out::add);
    return out;
  }

  /** The subscription's only delivery, once it has {@code attempts} recorded attempts. */
  JsonNode awaitAttempts(Sub sub, int attempts) {
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () -> {
              List<JsonNode> all = deliveries(sub);
              assertThat(all).hasSize(1);
              assertThat(all.get(0).get("attempts")).hasSize(attempts);
            });
    return deliveries(sub).get(0);
  }

  /** How many attempts the subscription's delivery log holds. */
  int recordedAttempts(Sub sub) {
    return deliveries(sub).stream().mapToInt(d -> d.get("attempts").size()).sum();
  }

  /** The statuses of the subscription's deliveries, newest first. */
  List<String> deliveryStatuses(Sub sub) {
    return deliveries(sub).stream().map(d -> d.get("status").asText()).toList();
  }

  String status(Sub sub) {
    return server.get("/v1/webhooks/" + sub.id(), acme.token()).json().get("status").asText();
  }

  TestServer.Response patchStatus(Sub sub, String status) {
    return server.send(
        "PATCH",
        "/v1/webhooks/" + sub.id(),
        acme.token(),
        ("{\"status\":\"" + status + "\"}").getBytes(UTF_8));
  }

  /** Registers an email with one html link; returns its tracked URL. */
  String emailLink(String messageId) {
    return server
        .registerMessage(
            acme,
            Map.of(
                "message_id", messageId,
                "channel", "email",
                "grant_id", "grant_1",
                "recipient", "ana@example.com",
                "label", "June news",
                "html", "<a href=\"https://shop.example/june\">June</a>"))
        .at("/links/0/tracked_url")
        .asText();
  }

  /** Registers a new email ({@code m.1}, {@code m.2}, …) and clicks its link once, as a person. */
  String clickNewEmail() {
    String messageId = "m." + ++messages;
    click(emailLink(messageId), TestServer.BROWSER);
    return messageId;
  }

  /** An email's tracked link and open pixel. */
  record Tracked(String link, String pixel) {}

  /** Registers an email with one link and open tracking. */
  Tracked trackedEmail(String messageId) {
    JsonNode body =
        server.registerMessage(
            acme,
            Map.of(
                "message_id", messageId,
                "channel", "email",
                "recipient", "ana@example.com",
                "label", "June news",
                "html", "<html><body><a href=\"https://shop.example/x\">Shop</a></body></html>",
                "tracking", Map.of("links", true, "opens", true)));
    Matcher m = PIXEL.matcher(body.get("html").asText());
    assertThat(m.find()).as("pixel in %s", body.get("html")).isTrue();
    return new Tracked(body.at("/links/0/tracked_url").asText(), m.group(1));
  }

  void click(String trackedUrl, String userAgent) {
    assertThat(server.click(trackedUrl, userAgent).status()).isEqualTo(302);
  }

  /** Loads an open pixel as a person's mail client. */
  void open(String pixel) {
    TestServer.Response r = server.request("GET", pixel, Map.of("User-Agent", TestServer.BROWSER));
    assertThat(r.status()).isEqualTo(200);
  }

  /** The receiver's first POST, once it has exactly one. */
  static WebhookReceiver.Received onlyPost(WebhookReceiver receiver) {
    await().atMost(PROMPTLY).until(() -> receiver.posts().size() == 1);
    return receiver.posts().get(0);
  }

  /** Asserts that the receiver gets no more POSTs than it has now, for a while. */
  static void assertNoMorePosts(WebhookReceiver receiver) {
    int now = receiver.posts().size();
    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.posts().size() == now);
  }

  @Override
  public void close() {
    server.close();
    receivers.forEach(WebhookReceiver::close);
  }
}
