package io.clicktrail.inbound;

import static io.clicktrail.inbound.Inbound.envelope;
import static io.clicktrail.inbound.Inbound.status;
import static io.clicktrail.inbound.Inbound.statusesValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status webhooks fold into message timelines, pricing and conversations, exactly once. */
class StatusTimelineTest {
  private static final String USER = "16505551234";
  private static final String REGISTERED = "wamid.REGISTERED";

  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
    server.registerMessage(
        acme,
        Map.of(
            "message_id",
            REGISTERED,
            "phone_number_id",
            Fixtures.PHONE_ID,
            "recipient",
            USER,
            "sent_at",
            1000,
            "text",
            "hi https://shop.example/p/1"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void post(List<ObjectNode> statuses) {
    TestServer.Response r =
        Inbound.post(server, acme, envelope(Fixtures.ACME_ID, statusesValue(statuses)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private JsonNode message(String id) {
    Inbound.awaitProjected(server);
    TestServer.Response r = server.get("/v1/messages/" + id, acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String json(String s) {
    return s.replace('\'', '"');
  }

  @Test
  void samePayloadThreeTimes_shuffled_withoutDelivered_readBeforeSent_exactTimelines() {
    List<ObjectNode> statuses =
        new ArrayList<>(
            List.of(
                status(REGISTERED, "read", 1300, USER),
                status(REGISTERED, "sent", 1000, USER),
                status("wamid.OBSERVED", "read", 1200, USER),
                status("wamid.OBSERVED", "delivered", 1100, USER),
                status("wamid.OBSERVED", "sent", 1000, USER)));
    Random random = new Random(7);
    for (int i = 0; i < 3; i++) {
      Collections.shuffle(statuses, random);
      post(statuses);
    }
    // and once more, one status per POST, read first
    statuses.forEach(s -> post(List.of(s)));

    JsonNode registered = message(REGISTERED);
    assertThat(registered.get("status").asText()).isEqualTo("read");
    assertThat(registered.get("statuses").toString())
        .isEqualTo(json("{'sent':1000,'delivered':1300,'read':1300}"));
    assertThat(registered.get("sent_at").asLong()).isEqualTo(1000);
    JsonNode observed = message("wamid.OBSERVED");
    assertThat(observed.get("statuses").toString())
        .isEqualTo(json("{'sent':1000,'delivered':1100,'read':1200}"));
    assertThat(server.queryLong("SELECT COUNT(*) FROM message_statuses")).isEqualTo(5);
    assertThat(server.queryLong("SELECT COUNT(*) FROM message_delivery")).isEqualTo(2);
    assertThat(server.queryLong("SELECT COUNT(*) FROM messages")).isEqualTo(2);
  }

  @Test
  void lateDelivered_neverDowngradesRead_butGivesDeliveryItsOwnTime() {
    post(List.of(status(REGISTERED, "read", 1300, USER)));
    post(List.of(status(REGISTERED, "delivered", 1250, USER)));

    JsonNode m = message(REGISTERED);
    assertThat(m.get("status").asText()).isEqualTo("read");
    assertThat(m.get("statuses").toString())
        .isEqualTo(json("{'sent':1250,'delivered':1250,'read':1300}"));
  }

  @Test
  void statusOfUnknownId_createsTheMessage_withItsEarliestStatusAsSentTime() {
    post(List.of(status("wamid.NEW", "delivered", 1100, "+" + USER)));
    post(List.of(status("wamid.NEW", "sent", 1050, USER)));

    JsonNode m = message("wamid.NEW");
    assertThat(m.get("channel").asText()).isEqualTo("whatsapp");
    assertThat(m.get("phone_number_id").asText()).isEqualTo(Fixtures.PHONE_ID);
    assertThat(m.get("recipient").asText()).isEqualTo(USER);
    assertThat(m.get("sent_at").asLong()).isEqualTo(1050);
    assertThat(m.get("template_id").isNull()).isTrue();
    assertThat(m.get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void registeringAnObservedMessage_takesItOver_andKeepsItsTimeline() {
    post(List.of(status("wamid.LATE", "sent", 1050, USER)));
    message("wamid.LATE");

    server.registerMessage(
        acme,
        Map.of(
            "message_id",
            "wamid.LATE",
            "phone_number_id",
            Fixtures.PHONE_ID,
            "recipient",
            USER,
            "sent_at",
            1049,
            "label",
            "wave 2",
            "text",
            "x"));

    JsonNode m = message("wamid.LATE");
    assertThat(m.get("label").asText()).isEqualTo("wave 2");
    assertThat(m.get("statuses").toString()).isEqualTo(json("{'sent':1050}"));
    // a registered message is registered once
    assertThat(
            server
                .post(
                    "/v1/messages",
                    acme.token(),
                    Map.of(
                        "message_id",
                        "wamid.LATE",
                        "phone_number_id",
                        Fixtures.PHONE_ID,
                        "recipient",
                        USER))
                .status())
        .isEqualTo(409);
  }

  @Test
  void pricing_followsTheFurthestStatus_andMapsCategoriesToTheAnalyticsEnum() {
    post(
        List.of(
            Inbound.priced(status(REGISTERED, "delivered", 1100, USER), "c1", "marketing_lite"),
            Inbound.priced(status(REGISTERED, "sent", 1000, USER), "c1", "marketing"),
            Inbound.priced(
                status("wamid.AUTH", "sent", 1000, USER), "c2", "authentication-international"),
            Inbound.priced(status("wamid.UTIL", "sent", 1000, USER), "c3", "utility")));

    assertThat(message(REGISTERED).get("pricing").toString())
        .isEqualTo(
            json(
                "{'billable':true,'pricing_model':'PMP','category':'marketing_lite',"
                    + "'type':'regular','analytics_category':'MARKETING'}"));
    assertThat(message("wamid.AUTH").at("/pricing/analytics_category").asText())
        .isEqualTo("AUTHENTICATION_INTERNATIONAL");
    assertThat(message("wamid.UTIL").at("/pricing/analytics_category").asText())
        .isEqualTo("UTILITY");
    assertThat(message("wamid.UTIL").get("status").asText()).isEqualTo("sent");
  }

  @Test
  void messageWithoutStatuses_hasEmptyStatusesAndNullPricing() {
    JsonNode m = message(REGISTERED);

    assertThat(m.get("statuses").toString()).isEqualTo("{}");
    assertThat(m.get("status").isNull()).isTrue();
    assertThat(m.get("pricing").isNull()).isTrue();
  }

  @Test
  void conversations_keepTheirFirstStatusTimeOriginAndExpiration() {
    post(
        List.of(
            Inbound.priced(status(REGISTERED, "delivered", 1100, USER), "conv-1", "marketing")));
    post(List.of(Inbound.priced(status(REGISTERED, "sent", 1000, USER), "conv-1", "marketing")));
    post(List.of(Inbound.priced(status(REGISTERED, "sent", 1000, USER), "conv-1", "marketing")));
    Inbound.awaitProjected(server);

    assertThat(server.cells("wa_conversations"))
        .containsExactly(
            Fixtures.ACME_ID, "conv-1", Fixtures.PHONE_ID, USER, "marketing", "87400", "1", "1000");
  }

  @Test
  void failed_carriesItsErrors_andAnyDeliveryOutranksIt() {
    ObjectNode failed = status(REGISTERED, "failed", 1010, USER);
    failed
        .putArray("errors")
        .addObject()
        .put("code", 131026)
        .put("title", "Message undeliverable")
        .putObject("error_data")
        .put("details", "Message Undeliverable.");
    post(List.of(status(REGISTERED, "sent", 1000, USER), failed));

    JsonNode m = message(REGISTERED);
    assertThat(m.get("status").asText()).isEqualTo("failed");
    assertThat(m.get("statuses").toString()).isEqualTo(json("{'sent':1000,'failed':1010}"));
    assertThat(m.at("/errors/0/code").asInt()).isEqualTo(131026);
    assertThat(m.at("/errors/0/error_data/details").asText()).isEqualTo("Message Undeliverable.");

    post(List.of(status(REGISTERED, "delivered", 1020, USER)));
    assertThat(message(REGISTERED).get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void played_impliesReadAndDelivered() {
    post(
        List.of(
            status("wamid.VOICE", "played", 1400, USER),
            status("wamid.VOICE", "sent", 1000, USER)));

    JsonNode m = message("wamid.VOICE");
    assertThat(m.get("status").asText()).isEqualTo("played");
    assertThat(m.get("statuses").toString())
        .isEqualTo(json("{'sent':1000,'delivered':1400,'read':1400,'played':1400}"));
  }

  @Test
  void untrackedStatuses_areAcceptedAndIgnored() {
    post(List.of(status(REGISTERED, "deleted", 1000, USER)));

    assertThat(message(REGISTERED).get("statuses").toString()).isEqualTo("{}");
  }

  @Test
  void anotherAccountsStatuses_neverTouchThisAccountsMessage() {
    TestServer.Account other = server.createAccount("555", "Other");

    Inbound.post(
        server,
        other,
        envelope("555", statusesValue(List.of(status(REGISTERED, "read", 1300, USER)))));

    assertThat(message(REGISTERED).get("statuses").toString()).isEqualTo("{}");
    assertThat(server.queryLong("SELECT COUNT(*) FROM message_statuses")).isZero();
  }
}
