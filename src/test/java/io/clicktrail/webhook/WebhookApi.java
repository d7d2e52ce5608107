package io.clicktrail.webhook;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /v1/webhooks} calls the subscription tests make, over real HTTP. */
final class WebhookApi {
  private final TestServer server;

  WebhookApi(TestServer server) {
    this.server = server;
  }

  /** A create body with {@code url}, {@code format} and {@code events}; mutable, to add to. */
  static Map<String, Object> body(String url, String format, List<String> events) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", url);
    body.put("format", format);
    body.put("events", events);
    return body;
  }

  /** Events every format carries one of. */
  static List<String> eventsOf(String format) {
    return format.equals("nylas") ? List.of("opened") : List.of("status");
  }

  TestServer.Response create(String token, Object body) {
    return send("POST", "/v1/webhooks", token, body);
  }

  /** Creates a subscription, which must answer 201; returns the 201 body. */
  JsonNode subscribe(TestServer.Account account, Map<String, Object> body) {
    TestServer.Response r = create(account.token(), body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  JsonNode subscribe(TestServer.Account account, String url, String format, List<String> events) {
    return subscribe(account, body(url, format, events));
  }

  /** {@code GET /v1/webhooks/{id}}, which must answer 200. */
  JsonNode get(TestServer.Account account, String id) {
    TestServer.Response r = server.get("/v1/webhooks/" + id, account.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  TestServer.Response patch(String token, String id, Object body) {
    return send("PATCH", "/v1/webhooks/" + id, token, body);
  }

  /** Sends {@code body} as JSON, or as is when it is a String. */
  TestServer.Response send(String method, String path, String token, Object body) {
    try {
      byte[] bytes =
          body instanceof String s
              ? s.getBytes(StandardCharsets.UTF_8)
              : TestServer.JSON.writeValueAsBytes(body);
      return server.send(method, path, token, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ids of every subscription {@code GET /v1/webhooks} lists for the account. */
  List<String> ids(TestServer.Account account) {
    List<String> ids = new ArrayList<>();
    for (JsonNode page : server.pages("/v1/webhooks?limit=1000", account.token())) {
      page.get("data").forEach(s -> ids.add(s.get("id").asText()));
    }
    return ids;
  }

  static String id(JsonNode subscription) {
    return subscription.get("id").asText();
  }

  /** What {@code GET} shows of a subscription created with {@code created}: all but the secret. */
  static ObjectNode shown(JsonNode created) {
    ObjectNode view = created.deepCopy();
    view.remove("secret");
    return view;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static void assertVerificationFailed(TestServer.Response r) {
    assertThat(TestServer.graphErrorProblems(r.status(), r.body())).as(r.body()).isEmpty();
    assertGraphError(r, 400, 100, "verification failed");
    assertThat(r.json().at("/error/message").asText()).startsWith("verification failed");
  }

  /** The decoded query parameters of a received request, in order. */
  static Map<String, String> query(WebhookReceiver.Received request) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = request.uri().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
