package io.clicktrail.webhook;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static io.clicktrail.webhook.WebhookApi.body;
import static io.clicktrail.webhook.WebhookApi.id;
import static io.clicktrail.webhook.WebhookApi.shown;
import static io.clicktrail.webhook.WebhookApi.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/webhooks} over real HTTP against a real receiver: reading, paging, changing, deleting,
 * and who may do what. Handshakes are in {@link SubscriptionHandshakeTest}; hostile input, address
 * refusal and the delivery log in {@link SubscriptionValidationTest}.
 */
class SubscriptionApiTest {
  @TempDir Path dir;
  TestServer server;
  WebhookApi api;

  TestServer.Account acme;
  TestServer.Account globex;
  WebhookReceiver receiver;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of("webhook-allow-private", "true"));
    api = new WebhookApi(server);
    acme = server.createAccount("102290129340398", "Acme");
    globex = server.createAccount("209877654321012", "Globex");
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  // --- reading

  @Test
  void get_ownSubscription_returnsCreatedViewWithoutSecret() {
    Map<String, Object> body =
        body(receiver.url("/ce"), "cloudevents", List.of("status", "opened"));
    body.put("description", "CRM \"prod\" ✓");
    JsonNode created = api.subscribe(acme, body);

    JsonNode shown = api.get(acme, id(created));

    assertThat(shown).isEqualTo(shown(created));
    assertThat(shown.has("secret")).isFalse();
    assertThat(shown.get("description").asText()).isEqualTo("CRM \"prod\" ✓");
  }

  @Test
  void list_walkedTwoAtATime_returnsEveryOwnSubscriptionExactlyOnce() {
    List<String> created = new ArrayList<>();
    String[] formats = {"whatsapp", "nylas", "cloudevents"};
    for (int i = 0; i < 7; i++) {
      JsonNode s =
          api.subscribe(acme, receiver.url("/" + i), formats[i % 3], List.of("link_clicked"));
      created.add(id(s));
    }
    api.subscribe(globex, receiver.url("/globex"), "nylas", List.of("opened"));

    List<JsonNode> pages = server.pages("/v1/webhooks?limit=2", acme.token());

    assertThat(pages).hasSize(4);
    List<String> seen = new ArrayList<>();
    for (JsonNode page : pages) {
      assertThat(page.get("data").size()).isBetween(1, 2);
      page.get("data").forEach(s -> seen.add(s.get("id").asText()));
      page.get("data").forEach(s -> assertThat(s.has("secret")).isFalse());
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(pages.getLast().path("paging").path("cursors").has("after")).isFalse();
  }

  @Test
  void list_noSubscriptions_emptyDataWithoutCursor() {
    TestServer.Response r = server.get("/v1/webhooks", acme.token());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("data").size()).isZero();
    assertThat(r.json().path("paging").path("cursors").has("after")).isFalse();
  }

  // --- changing

  @Test
  void patch_description_changesOnlyDescription() {
    JsonNode created = api.subscribe(acme, receiver.url("/hooks"), "nylas", List.of("opened"));

    TestServer.Response r = api.patch(acme.token(), id(created), Map.of("description", "billing"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    ObjectNode expected = shown(created).put("description", "billing");
    assertThat(r.json()).isEqualTo(expected);
    assertThat(api.get(acme, id(created))).isEqualTo(expected);
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void patch_events_replacesEvents() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "whatsapp", List.of("link_clicked")));

    TestServer.Response r =
        api.patch(acme.token(), id, Map.of("events", List.of("status", "inbound")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(texts(api.get(acme, id).get("events"))).containsExactly("status", "inbound");
  }

  @ParameterizedTest
  @ValueSource(strings = {"opened", "clicked"})
  void patch_eventNotCarriedByFormat_400AndEventsUnchanged(String event) {
    String id = id(api.subscribe(acme, receiver.url("/h"), "whatsapp", List.of("link_clicked")));

    TestServer.Response r = api.patch(acme.token(), id, Map.of("events", List.of("status", event)));

    assertGraphError(r, 400, 100, event);
    assertThat(texts(api.get(acme, id).get("events"))).containsExactly("link_clicked");
  }

  @Test
  void patch_statusPausedThenActive_eachShownByGet() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened")));

    assertThat(api.patch(acme.token(), id, Map.of("status", "paused")).status()).isEqualTo(200);
    assertThat(api.get(acme, id).get("status").asText()).isEqualTo("paused");

    assertThat(api.patch(acme.token(), id, Map.of("status", "active")).status()).isEqualTo(200);
    assertThat(api.get(acme, id).get("status").asText()).isEqualTo("active");
  }

  @ParameterizedTest
  @ValueSource(strings = {"failed", "failing", "PAUSED", "deleted", ""})
  void patch_statusNotSettable_400AndStatusUnchanged(String status) {
    String id = id(api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened")));

    assertGraphError(api.patch(acme.token(), id, Map.of("status", status)), 400, 100, "status");
    assertThat(api.get(acme, id).get("status").asText()).isEqualTo("active");
  }

  // --- deleting, ownership, authentication

  @Test
  void delete_thenGet_404AndGoneFromList() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened")));

    TestServer.Response deleted = server.delete("/v1/webhooks/" + id, acme.token());

    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo(TestServer.JSON.createObjectNode().put("success", true));
    assertGraphError(server.get("/v1/webhooks/" + id, acme.token()), 404, 803, id);
    assertGraphError(server.delete("/v1/webhooks/" + id, acme.token()), 404, 803, id);
    assertGraphError(server.get("/v1/webhooks/" + id + "/deliveries", acme.token()), 404, 803, id);
    assertThat(api.ids(acme)).isEmpty();
  }

  @Test
  void otherAccount_everyRoute_403AndSubscriptionUntouched() {
    JsonNode created = api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened"));
    String path = "/v1/webhooks/" + id(created);

    for (TestServer.Response r :
        List.of(
            server.get(path, globex.token()),
            api.patch(globex.token(), id(created), Map.of("status", "paused")),
            api.patch(globex.token(), id(created), Map.of("url", receiver.url("/stolen"))),
            server.get(path + "/deliveries", globex.token()),
            server.post(path + "/replay", globex.token(), Map.of("since", 0)),
            server.delete(path, globex.token()))) {
      assertGraphError(r, 403, 200, "");
    }
    assertThat(api.get(acme, id(created))).isEqualTo(shown(created));
    assertThat(api.ids(globex)).isEmpty();
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void unknownId_everyRoute_404() {
    String path = "/v1/webhooks/sub_doesnotexist";

    for (TestServer.Response r :
        List.of(
            server.get(path, acme.token()),
            api.patch(acme.token(), "sub_doesnotexist", Map.of("status", "paused")),
            server.get(path + "/deliveries", acme.token()),
            server.post(path + "/replay", acme.token(), Map.of("since", 0)),
            server.delete(path, acme.token()))) {
      assertGraphError(r, 404, 803, "sub_doesnotexist");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-token"})
  void missingOrUnknownToken_everyRoute_401AndNothingDone(String token) {
    String id = id(api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened")));
    String path = "/v1/webhooks/" + id;
    String presented = token.isEmpty() ? null : token;

    for (TestServer.Response r :
        List.of(
            api.create(presented, body(receiver.url("/other"), "nylas", List.of("opened"))),
            server.get("/v1/webhooks", presented),
            server.get(path, presented),
            api.patch(presented, id, Map.of("status", "paused")),
            server.get(path + "/deliveries", presented),
            server.post(path + "/replay", presented, Map.of("since", 0)),
            server.delete(path, presented))) {
      assertGraphError(r, 401, 190, "");
    }
    assertThat(receiver.requests()).hasSize(1);
    assertThat(api.ids(acme)).containsExactly(id);
    assertThat(api.get(acme, id).get("status").asText()).isEqualTo("active");
  }

  @Test
  void adminToken_create_403AndNoHandshake() {
    TestServer.Response r =
        api.create(server.adminToken(), body(receiver.url("/h"), "nylas", List.of("opened")));

    assertGraphError(r, 403, 200, "");
    assertThat(receiver.requests()).isEmpty();
  }
}
