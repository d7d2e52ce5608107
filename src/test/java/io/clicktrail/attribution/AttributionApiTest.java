package io.clicktrail.attribution;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/attribution}: per ad, what its referrals brought, last touch wins. */
class AttributionApiTest {
  private static final String SHEENA = "16505551234";
  private static final String OMAR = "447700900123";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // --- building the story

  private void inbound(String id, String from, long at, String adId) {
    ObjectNode m = NODES.objectNode();
    m.put("from", from);
    m.put("id", id);
    m.put("timestamp", Long.toString(at));
    m.put("type", "text");
    m.putObject("text").put("body", "hello");
    if (adId != null) {
      m.putObject("referral")
          .put("source_url", "https://fb.me/" + adId)
          .put("source_id", adId)
          .put("source_type", "ad")
          .put("headline", "Headline " + adId)
          .put("body", "Body " + adId)
          .put("media_type", "image")
          .put("ctwa_clid", "clid-" + id);
    }
    ObjectNode value = NODES.objectNode();
    value.put("messaging_product", "whatsapp");
    value.putObject("metadata").put("phone_number_id", Fixtures.PHONE_ID);
    ObjectNode contact = value.putArray("contacts").addObject();
    contact.putObject("profile").put("name", "User " + from);
    contact.put("wa_id", from);
    value.putArray("messages").add(m);
    ObjectNode root = NODES.objectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode change = root.putArray("entry").addObject().put("id", acme.id());
    change.putArray("changes").addObject().put("field", "messages").set("value", value);
    byte[] body = root.toString().getBytes(UTF_8);
    TestServer.Response r =
        server.send(
            "POST",
            "/webhooks/whatsapp/" + acme.id(),
            body,
            "X-Hub-Signature-256",
            sign(acme.created().get("app_secret").asText(), body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers an outbound message to {@code to}; returns its tracked URL. */
  private String outbound(String id, String to, long sentAt) {
    return server
        .registerMessage(
            acme,
            Map.of(
                "message_id",
                id,
                "phone_number_id",
                Fixtures.PHONE_ID,
                "recipient",
                to,
                "sent_at",
                sentAt,
                "text",
                "offer https://shop.example/" + id))
        .at("/links/0/tracked_url")
        .asText();
  }

  private void settle() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              long head = server.queryLong("SELECT COALESCE(MAX(seq), 0) FROM event_log");
              return server.queryLong("SELECT COUNT(*) FROM outbox") == 0
                  && server.queryLong(
                          "SELECT COUNT(*) FROM consumer_positions WHERE consumer IN"
                              + " ('inbound', 'engagement') AND position >= "
                              + head)
                      == 2;
            });
  }

  /** Sheena comes from ad A, then later from ad B; Omar from ad A. */
  private void story() {
    outbound("wamid.BEFORE", SHEENA, 1900); // before any referral: nobody's
    inbound("wamid.R1", SHEENA, 2000, "ad-A");
    String url = outbound("wamid.O1", SHEENA, 2050);
    inbound("wamid.I1", SHEENA, 2100, null);
    inbound("wamid.I2", SHEENA, 2200, null);
    outbound("wamid.O2", SHEENA, 2300);
    inbound("wamid.R2", OMAR, 2500, "ad-A");
    inbound("wamid.R3", SHEENA, 3000, "ad-B");
    outbound("wamid.O3", SHEENA, 3050);
    inbound("wamid.I3", SHEENA, 3100, null);
    assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
    assertThat(server.click(url, TestServer.BROWSER).status()).isEqualTo(302);
    settle();
  }

  private JsonNode report(String query) {
    TestServer.Response r = server.get("/v1/attribution" + query, acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void perAd_countsConversationsRepliesMessagesAndClicks_lastTouchWins() {
    story();

    JsonNode data = report("?since=0").get("data");

    assertThat(data).hasSize(2);
    assertThat(data.get(0).toString())
        .isEqualTo(
            ("{'source_id':'ad-A','source_type':'ad','source_url':'https://fb.me/ad-A',"
                    + "'headline':'Headline ad-A','body':'Body ad-A','media_type':'image',"
                    + "'conversations':2,'users':2,'replies':2,'messages_sent':2,'clicks':2}")
                .replace('\'', '"'));
    assertThat(data.get(1).get("source_id").asText()).isEqualTo("ad-B");
    assertThat(data.get(1).get("conversations").asLong()).isEqualTo(1);
    assertThat(data.get(1).get("replies").asLong()).isEqualTo(1);
    assertThat(data.get(1).get("messages_sent").asLong()).isEqualTo(1);
    assertThat(data.get(1).get("clicks").asLong()).isZero();
  }

  @Test
  void range_selectsReferrals_byTheirTime() {
    story();

    JsonNode early = report("?since=0&until=2500").get("data");
    assertThat(early).hasSize(1);
    assertThat(early.get(0).get("conversations").asLong()).isEqualTo(1);
    assertThat(early.get(0).get("replies").asLong()).isEqualTo(2);

    JsonNode late = report("?since=2600").get("data");
    assertThat(late).hasSize(1);
    assertThat(late.get(0).get("source_id").asText()).isEqualTo("ad-B");
  }

  @Test
  void pages_bySourceId() {
    story();

    List<JsonNode> pages = server.pages("/v1/attribution?limit=1", acme.token());

    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).at("/data/0/source_id").asText()).isEqualTo("ad-A");
    assertThat(pages.get(1).at("/data/0/source_id").asText()).isEqualTo("ad-B");
    assertThat(pages.get(1).path("paging").path("cursors").has("after")).isFalse();
  }

  @Test
  void noReferrals_isAnEmptyList() {
    assertThat(report("").toString()).isEqualTo("{\"data\":[],\"paging\":{\"cursors\":{}}}");
  }

  @Test
  void badParameters_are400_andNoToken401() {
    assertGraphError(server.get("/v1/attribution?since=abc", acme.token()), 400, 100, "since");
    assertGraphError(server.get("/v1/attribution?until=-1", acme.token()), 400, 100, "until");
    assertGraphError(
        server.get("/v1/attribution?since=20&until=20", acme.token()), 400, 100, "until");
    assertGraphError(server.get("/v1/attribution?limit=0", acme.token()), 400, 100, "limit");
    assertGraphError(server.get("/v1/attribution", null), 401, 190, "token");
    assertGraphError(server.get("/v1/attribution", server.adminToken()), 403, 200, "account");
  }

  @Test
  void anotherAccount_seesNoneOfThis() {
    story();
    TestServer.Account other = server.createAccount("555", "Other");

    assertThat(server.get("/v1/attribution", other.token()).json().get("data")).isEmpty();
  }
}
