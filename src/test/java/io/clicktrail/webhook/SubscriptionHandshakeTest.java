package io.clicktrail.webhook;

import static io.clicktrail.webhook.WebhookApi.assertVerificationFailed;
import static io.clicktrail.webhook.WebhookApi.body;
import static io.clicktrail.webhook.WebhookApi.eventsOf;
import static io.clicktrail.webhook.WebhookApi.id;
import static io.clicktrail.webhook.WebhookApi.query;
import static io.clicktrail.webhook.WebhookApi.shown;
import static io.clicktrail.webhook.WebhookApi.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verification handshake of {@code /v1/webhooks}, over real HTTP against real receivers: each
 * format's request as the receiver sees it, at creation and when a {@code PATCH} moves the URL, and
 * every way a receiver can fail it (nothing is then created or changed).
 */
class SubscriptionHandshakeTest {
  private static final String HEX_SECRET = "[0-9a-f]{64}";

  @TempDir Path dir;
  TestServer server;
  WebhookApi api;

  /** The host of the server's public URL: the CloudEvents request origin. */
  String publicHost;

  TestServer.Account acme;
  TestServer.Account globex;
  WebhookReceiver receiver;
  final List<WebhookReceiver> extraReceivers = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of("webhook-allow-private", "true"));
    publicHost = URI.create(server.baseUrl()).getHost();
    api = new WebhookApi(server);
    acme = server.createAccount("102290129340398", "Acme");
    globex = server.createAccount("209877654321012", "Globex");
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
    extraReceivers.forEach(WebhookReceiver::close);
  }

  // --- handshakes

  @Test
  void whatsappCreate_handshakeCarriesModeChallengeAndAccountVerifyToken_created() {
    Instant before = Instant.now();
    TestServer.Response r =
        api.create(
            acme.token(),
            body(receiver.url("/hooks"), "whatsapp", List.of("link_clicked", "status", "inbound")));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    WebhookReceiver.Received handshake = receiver.requests().getFirst();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(handshake.method()).isEqualTo("GET");
    assertThat(handshake.uri().getPath()).isEqualTo("/hooks");
    Map<String, String> query = query(handshake);
    assertThat(query)
        .containsOnlyKeys("hub.mode", "hub.challenge", "hub.verify_token")
        .containsEntry("hub.mode", "subscribe")
        .containsEntry("hub.verify_token", acme.created().get("verify_token").asText());
    assertThat(query.get("hub.challenge")).isNotBlank();

    JsonNode created = r.json();
    assertThat(created.get("id").asText()).isNotBlank();
    assertThat(created.get("url").asText()).isEqualTo(receiver.url("/hooks"));
    assertThat(created.get("format").asText()).isEqualTo("whatsapp");
    assertThat(texts(created.get("events"))).containsExactly("link_clicked", "status", "inbound");
    assertThat(created.get("description").isNull()).isTrue();
    assertThat(created.get("status").asText()).isEqualTo("active");
    assertThat(created.get("created_time").asLong())
        .isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
    assertThat(created.get("secret").asText()).matches(HEX_SECRET);
  }

  @Test
  void whatsappCreate_otherAccount_handshakeCarriesThatAccountsVerifyToken() {
    api.subscribe(globex, receiver.url("/hooks"), "whatsapp", List.of("status"));

    String globexToken = globex.created().get("verify_token").asText();
    assertThat(globexToken).isNotEqualTo(acme.created().get("verify_token").asText());
    assertThat(query(receiver.requests().getFirst()))
        .containsEntry("hub.verify_token", globexToken);
  }

  @Test
  void nylasCreate_handshakeCarriesOnlyChallenge_createdWithHexSecret() {
    JsonNode created =
        api.subscribe(acme, receiver.url("/nylas"), "nylas", List.of("link_clicked", "opened"));

    WebhookReceiver.Received handshake = receiver.requests().getFirst();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(handshake.method()).isEqualTo("GET");
    assertThat(handshake.uri().getPath()).isEqualTo("/nylas");
    assertThat(query(handshake)).containsOnlyKeys("challenge");
    assertThat(query(handshake).get("challenge")).isNotBlank();
    assertThat(created.get("format").asText()).isEqualTo("nylas");
    assertThat(created.get("secret").asText()).matches(HEX_SECRET);
  }

  @Test
  void challengeCreate_urlWithQuery_keepsItsQueryAndAddsChallenge() {
    JsonNode created =
        api.subscribe(acme, receiver.url("/hooks?tenant=7"), "nylas", List.of("link_clicked"));

    assertThat(query(receiver.requests().getFirst()))
        .containsOnlyKeys("tenant", "challenge")
        .containsEntry("tenant", "7");
    assertThat(created.get("url").asText()).isEqualTo(receiver.url("/hooks?tenant=7"));
  }

  @Test
  void cloudEventsCreate_handshakeIsOptionsWithPublicUrlHost_createdWithWhsecSecret() {
    JsonNode created =
        api.subscribe(
            acme,
            receiver.url("/ce"),
            "cloudevents",
            List.of("link_clicked", "opened", "status", "inbound"));

    WebhookReceiver.Received handshake = receiver.requests().getFirst();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(handshake.method()).isEqualTo("OPTIONS");
    assertThat(handshake.uri().getPath()).isEqualTo("/ce");
    assertThat(handshake.header("WebHook-Request-Origin")).isEqualTo(publicHost);
    String secret = created.get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void cloudEventsCreate_receiverAllowsExactlyThePublicHost_created() {
    receiver.allowingOrigin(publicHost);

    TestServer.Response r =
        api.create(acme.token(), body(receiver.url("/ce"), "cloudevents", List.of("opened")));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @Test
  void create_twoSubscriptions_getDifferentIdsAndSecrets() {
    JsonNode first = api.subscribe(acme, receiver.url("/a"), "nylas", List.of("opened"));
    JsonNode second = api.subscribe(acme, receiver.url("/a"), "nylas", List.of("opened"));

    assertThat(first.get("id")).isNotEqualTo(second.get("id"));
    assertThat(first.get("secret")).isNotEqualTo(second.get("secret"));
  }

  static Stream<Arguments> failingHandshakes() {
    return Stream.of(
        failing("whatsapp", "wrong echo", (r, origin) -> r.echoing(c -> c + "x")),
        failing("whatsapp", "echo with newline", (r, origin) -> r.echoing(c -> c + "\n")),
        failing("whatsapp", "echoes the mode", (r, origin) -> r.echoing(c -> "subscribe")),
        failing("whatsapp", "answers 500", (r, origin) -> r.handshakeStatus(500)),
        failing("whatsapp", "answers 201", (r, origin) -> r.handshakeStatus(201)),
        failing("nylas", "empty body", (r, origin) -> r.echoing(c -> "")),
        failing(
            "nylas",
            "challenge in JSON",
            (r, origin) -> r.echoing(c -> "{\"challenge\":\"" + c + "\"}")),
        failing("nylas", "answers 404", (r, origin) -> r.handshakeStatus(404)),
        failing("cloudevents", "no allowed origin", (r, origin) -> r.allowingOrigin(null)),
        failing("cloudevents", "another origin", (r, origin) -> r.allowingOrigin("evil.example")),
        failing(
            "cloudevents", "origin as prefix", (r, origin) -> r.allowingOrigin(origin + ".evil")),
        failing("cloudevents", "answers 500", (r, origin) -> r.handshakeStatus(500)),
        failing("cloudevents", "answers 204", (r, origin) -> r.handshakeStatus(204)));
  }

  private static Arguments failing(
      String format, String how, BiConsumer<WebhookReceiver, String> setup) {
    return Arguments.of(format, how, setup);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failingHandshakes")
  void create_handshakeFails_400VerificationFailedAndNothingCreated(
      String format, String how, BiConsumer<WebhookReceiver, String> setup) {
    setup.accept(receiver, publicHost);

    TestServer.Response r =
        api.create(acme.token(), body(receiver.url("/hooks"), format, eventsOf(format)));

    assertVerificationFailed(r);
    assertThat(receiver.requests()).hasSize(1);
    assertThat(api.ids(acme)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"whatsapp", "nylas", "cloudevents"})
  void create_handshakeAnsweredWithRedirect_400AndRedirectNotFollowed(String format) {
    WebhookReceiver target = extraReceiver();
    receiver.handshakeStatus(302).handshakeHeader("Location", target.url("/elsewhere"));

    TestServer.Response r =
        api.create(acme.token(), body(receiver.url("/hooks"), format, eventsOf(format)));

    assertVerificationFailed(r);
    assertThat(receiver.requests()).hasSize(1);
    assertThat(target.requests()).isEmpty();
    assertThat(api.ids(acme)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"whatsapp", "nylas", "cloudevents"})
  void create_receiverPortClosed_400VerificationFailedAndNothingCreated(String format) {
    String url = closedReceiverUrl();

    TestServer.Response r = api.create(acme.token(), body(url, format, eventsOf(format)));

    assertVerificationFailed(r);
    assertThat(api.ids(acme)).isEmpty();
  }

  // --- a new url

  @Test
  void patch_newUrl_verifiedAtNewUrlWithVerifyToken() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "whatsapp", List.of("status")));
    WebhookReceiver moved = extraReceiver();

    TestServer.Response r = api.patch(acme.token(), id, Map.of("url", moved.url("/new")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(api.get(acme, id).get("url").asText()).isEqualTo(moved.url("/new"));
    WebhookReceiver.Received handshake = moved.requests().getFirst();
    assertThat(moved.requests()).hasSize(1);
    assertThat(handshake.method()).isEqualTo("GET");
    assertThat(handshake.uri().getPath()).isEqualTo("/new");
    assertThat(query(handshake))
        .containsEntry("hub.mode", "subscribe")
        .containsEntry("hub.verify_token", acme.created().get("verify_token").asText());
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void patch_newCloudEventsUrl_verifiedWithOptions() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "cloudevents", List.of("status")));
    WebhookReceiver moved = extraReceiver();

    TestServer.Response r = api.patch(acme.token(), id, Map.of("url", moved.url("/ce")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    WebhookReceiver.Received handshake = moved.requests().getFirst();
    assertThat(moved.requests()).hasSize(1);
    assertThat(handshake.method()).isEqualTo("OPTIONS");
    assertThat(handshake.header("WebHook-Request-Origin")).isEqualTo(publicHost);
  }

  @Test
  void patch_newUrlFailsHandshake_400AndNothingChanged() {
    JsonNode created = api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened"));
    WebhookReceiver moved = extraReceiver().echoing(c -> "nope");

    TestServer.Response r =
        api.patch(
            acme.token(),
            id(created),
            Map.of(
                "url",
                moved.url("/new"),
                "description",
                "moved",
                "events",
                List.of("link_clicked"),
                "status",
                "paused"));

    assertVerificationFailed(r);
    assertThat(moved.requests()).hasSize(1);
    assertThat(api.get(acme, id(created))).isEqualTo(shown(created));
  }

  @Test
  void patch_newUrlPortClosed_400AndOldUrlKept() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "nylas", List.of("opened")));

    assertVerificationFailed(api.patch(acme.token(), id, Map.of("url", closedReceiverUrl())));

    assertThat(api.get(acme, id).get("url").asText()).isEqualTo(receiver.url("/h"));
  }

  @Test
  void patch_newUrlRedirects_400AndOldUrlKept() {
    String id = id(api.subscribe(acme, receiver.url("/h"), "whatsapp", List.of("status")));
    WebhookReceiver target = extraReceiver();
    WebhookReceiver moved =
        extraReceiver().handshakeStatus(301).handshakeHeader("Location", target.url("/x"));

    assertVerificationFailed(api.patch(acme.token(), id, Map.of("url", moved.url("/new"))));

    assertThat(target.requests()).isEmpty();
    assertThat(api.get(acme, id).get("url").asText()).isEqualTo(receiver.url("/h"));
  }

  private WebhookReceiver extraReceiver() {
    WebhookReceiver r = WebhookReceiver.start();
    extraReceivers.add(r);
    return r;
  }

  /** The URL of a receiver that was started and closed again: its port refuses connections. */
  private static String closedReceiverUrl() {
    WebhookReceiver gone = WebhookReceiver.start();
    String url = gone.url("/hooks");
    gone.close();
    return url;
  }
}
