package io.clicktrail.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.demo.DemoCampaign.Planned;
import io.clicktrail.demo.DemoCatalog.Template;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Clicktrail's public HTTP API as the demo calls it, over one HTTP/1.1 client that never follows
 * redirects: JSON calls with a bearer token, message batches, signed WhatsApp webhooks, and tracked
 * links followed concurrently. Every call that the server refuses ends the seeding with an {@link
 * IllegalStateException} naming the call and the answer. Thread-safe.
 */
final class DemoApi {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Tracked links requested at once: enough to keep both cores busy, few enough to be polite. */
  private static final int CLICKS_IN_FLIGHT = 32;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A link to follow, and who follows it. */
  record Visit(String trackedUrl, Visitor visitor) {}

  /**
   * A tracked link of a registered message.
   *
   * @param token the link's tracking token, the last path segment of {@code trackedUrl}
   * @param component {@code body} or {@code cta}
   */
  record TrackedLink(String trackedUrl, String token, String component) {}

  /**
   * A registered message.
   *
   * @param links its tracked links, numbered as the API numbers them
   */
  record Registered(String id, List<TrackedLink> links) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  DemoApi(String base) {
    this.base = base;
  }

  /** {@code method base+path} with {@code body} as JSON; the answer's JSON when it is a 2xx. */
  JsonNode call(String method, String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, path, token, body);
    if (r.statusCode() / 100 != 2) {
      throw refused(method + " " + path, r);
    }
    return JSON.readTree(r.body());
  }

  /**
   * {@code method base+path} with {@code body} as JSON, for a call the server may refuse: empty
   * when it answered 2xx, else the error message it gave.
   */
  Optional<String> attempt(String method, String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, path, token, body);
    if (r.statusCode() / 100 == 2) {
      return Optional.empty();
    }
    JsonNode message = JSON.readTree(r.body()).path("error").path("message");
    return Optional.of(message.isTextual() ? message.asText() : "HTTP " + r.statusCode());
  }

  private HttpResponse<String> send(String method, String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code PUT /v1/templates/{id}} with the template's buttons. */
  void putTemplate(String token, Template t) throws IOException, InterruptedException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", t.name())
            .put("category", t.category())
            .put("language", "en_US");
    ArrayNode buttons = body.putArray("buttons");
    for (String text : t.urlButtons()) {
      buttons
          .addObject()
          .put("type", "url")
          .put("text", text)
          .put("url", "https://shop.example/" + t.name());
    }
    for (String text : t.quickReplies()) {
      buttons.addObject().put("type", "quick_reply").put("text", text);
    }
    call("PUT", "/v1/templates/" + t.id(), token, body);
  }

  /**
   * {@code POST /v1/messages:batch} of {@code messages} (at most 1,000), letting the server choose
   * the message ids.
   */
  List<Registered> register(String token, List<Planned> messages)
      throws IOException, InterruptedException {
    ArrayNode batch = JSON.createArrayNode();
    messages.forEach(m -> batch.add(messageBody(m)));
    JsonNode results =
        call("POST", "/v1/messages:batch", token, JSON.createObjectNode().set("messages", batch))
            .get("results");
    List<Registered> registered = new ArrayList<>(messages.size());
    for (JsonNode r : results) {
      if (r.has("error")) {
        throw new IllegalStateException("POST /v1/messages:batch refused an entry: " + r);
      }
      List<TrackedLink> links = new ArrayList<>();
      for (JsonNode l : r.get("links")) {
        if (!l.path("token").isTextual()) {
          throw new IllegalStateException("POST /v1/messages:batch did not track a link: " + r);
        }
        links.add(
            new TrackedLink(
                l.get("tracked_url").asText(),
                l.get("token").asText(),
                l.get("component").asText()));
      }
      registered.add(new Registered(r.get("message_id").asText(), links));
    }
    return registered;
  }

  private static ObjectNode messageBody(Planned m) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("phone_number_id", m.phone().id())
            .put("recipient", m.to().waId())
            .put("sent_at", m.sentAt());
    Template t = m.template();
    int product = m.n() % 12;
    if (t == null) {
      return body.put(
          "text", "Thanks for your order! Track it here: https://shop.example/orders/" + m.n());
    }
    body.put("template_id", t.id())
        .put("label", t.name() + " wave " + (1 + m.n() / 500))
        .put("product_id", "sku" + product)
        .put("text", "Hi " + m.to().name() + "! New in: https://shop.example/p/" + product);
    ArrayNode cta = body.putArray("cta_urls");
    for (int i = 0; i < t.urlButtons().size(); i++) {
      cta.add(t.ctaUrl(i, m.to().n()));
    }
    return body;
  }

  /** {@code POST /webhooks/whatsapp/{accountId}} of {@code body} signed with {@code signature}. */
  void postWebhook(String accountId, byte[] body, String signature)
      throws IOException, InterruptedException {
    String path = "/webhooks/whatsapp/" + accountId;
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature)
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw refused("POST " + path, r);
    }
  }

  /**
   * Follows every tracked link of {@code visits} once, at most {@link #CLICKS_IN_FLIGHT} at a time,
   * and waits for all; calls {@code done} after each answer, from any thread.
   *
   * @throws IllegalStateException when a tracked link did not answer 302
   */
  void visit(List<Visit> visits, Runnable done) throws InterruptedException {
    Semaphore slots = new Semaphore(CLICKS_IN_FLIGHT);
    AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
    List<CompletableFuture<?>> pending = new ArrayList<>(visits.size());
    for (Visit v : visits) {
      if (failure.get() != null) {
        break;
      }
      slots.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(v.trackedUrl()))
              .method(v.visitor().method, HttpRequest.BodyPublishers.noBody())
              .header("User-Agent", v.visitor().userAgent)
              .timeout(TIMEOUT)
              .build();
      pending.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (r, e) -> {
                    slots.release();
                    if (e != null || r.statusCode() != 302) {
                      failure.compareAndSet(
                          null,
                          new IllegalStateException(
                              v.visitor().method
                                  + " "
                                  + v.trackedUrl()
                                  + " answered "
                                  + (e != null ? e.toString() : r.statusCode())));
                    }
                    done.run();
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private static IllegalStateException refused(String call, HttpResponse<String> r) {
    return new IllegalStateException(call + " answered " + r.statusCode() + ": " + r.body());
  }
}
