package io.clicktrail.inbound;

import static io.clicktrail.inbound.Inbound.envelope;
import static io.clicktrail.inbound.Inbound.messagesValue;
import static io.clicktrail.inbound.Inbound.textMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies link to the messages they answer; quick-reply presses on templates are counted once. */
class RepliesTest {
  private static final String USER = "16505551234";
  private static final String TEMPLATE = "1421988012088524";
  private static final long AT = 1_750_276_000L;
  private static final long DAY = 1_750_204_800L; // 00:00 UTC of AT

  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
    assertThat(server.putTemplate(acme, TEMPLATE, Fixtures.SPRING_SALE).status()).isEqualTo(200);
    register("wamid.TEMPLATE", TEMPLATE);
    register("wamid.PLAIN", null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void register(String id, String template) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("message_id", id);
    m.put("phone_number_id", Fixtures.PHONE_ID);
    m.put("recipient", USER);
    m.put("text", "Spring sale");
    if (template != null) {
      m.put("template_id", template);
    }
    server.registerMessage(acme, m);
  }

  private static ObjectNode buttonReply(String id, String context, String text) {
    ObjectNode m = Inbound.NODES.objectNode();
    m.putObject("context").put("from", Fixtures.PHONE_DISPLAY).put("id", context);
    m.put("from", USER);
    m.put("id", id);
    m.put("timestamp", Long.toString(AT));
    m.put("type", "button");
    m.putObject("button").put("payload", "support").put("text", text);
    return m;
  }

  private static ObjectNode interactiveReply(String id, String context, String title) {
    ObjectNode m = Inbound.NODES.objectNode();
    m.putObject("context").put("from", Fixtures.PHONE_DISPLAY).put("id", context);
    m.put("from", USER);
    m.put("id", id);
    m.put("timestamp", Long.toString(AT + 60));
    m.put("type", "interactive");
    ObjectNode interactive = m.putObject("interactive");
    interactive.put("type", "button_reply");
    interactive.putObject("button_reply").put("id", "b1").put("title", title);
    return m;
  }

  private void post(ObjectNode... messages) {
    TestServer.Response r =
        Inbound.post(
            server,
            acme,
            envelope(Fixtures.ACME_ID, messagesValue(USER, "Sheena Nelson", List.of(messages))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void quickReplyOnATemplate_countsOnce_evenWhenDeliveredTwice() {
    ObjectNode press = buttonReply("wamid.IN1", "wamid.TEMPLATE", "Contact Support");

    post(press);
    post(press);
    Inbound.awaitProjected(server);

    assertThat(server.cells("quick_reply_clicks"))
        .containsExactly(Fixtures.ACME_ID, TEMPLATE, "Contact Support", Long.toString(DAY), "1");
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM inbound_messages WHERE reply_to = 'wamid.TEMPLATE'"
                    + " AND button_text = 'Contact Support'"))
        .isEqualTo(1);
  }

  @Test
  void interactiveButtonReply_countsOnTheSameButton() {
    post(
        buttonReply("wamid.IN1", "wamid.TEMPLATE", "Contact Support"),
        interactiveReply("wamid.IN2", "wamid.TEMPLATE", "Contact Support"));
    Inbound.awaitProjected(server);

    assertThat(server.cells("quick_reply_clicks"))
        .containsExactly(Fixtures.ACME_ID, TEMPLATE, "Contact Support", Long.toString(DAY), "2");
  }

  @Test
  void replyToANonTemplateMessage_isLinkedButNotCounted() {
    post(buttonReply("wamid.IN1", "wamid.PLAIN", "Contact Support"));
    Inbound.awaitProjected(server);

    assertThat(server.queryLong("SELECT COUNT(*) FROM quick_reply_clicks")).isZero();
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM inbound_messages WHERE reply_to = 'wamid.PLAIN'"))
        .isEqualTo(1);
  }

  @Test
  void replyToAnUnknownMessage_keepsItsContextUnlinked() {
    post(buttonReply("wamid.IN1", "wamid.NOT_OURS", "Contact Support"));
    Inbound.awaitProjected(server);

    assertThat(server.queryLong("SELECT COUNT(*) FROM quick_reply_clicks")).isZero();
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM inbound_messages WHERE context_id = 'wamid.NOT_OURS'"
                    + " AND reply_to IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void repliesToAnotherAccountsMessage_areNotLinked() {
    TestServer.Account other = server.createAccount("555", "Other");

    Inbound.post(
        server,
        other,
        envelope(
            "555",
            messagesValue(
                USER,
                "Sheena",
                List.of(buttonReply("wamid.IN1", "wamid.TEMPLATE", "Contact Support")))));
    Inbound.awaitProjected(server);

    assertThat(server.queryLong("SELECT COUNT(*) FROM quick_reply_clicks")).isZero();
    assertThat(server.queryLong("SELECT COUNT(*) FROM inbound_messages WHERE reply_to IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void contacts_keepTheLatestProfileName() {
    post(textMessage("wamid.IN1", USER, AT + 10, "later"));
    TestServer.Response r =
        Inbound.post(
            server,
            acme,
            envelope(
                Fixtures.ACME_ID,
                messagesValue(USER, "Old Name", List.of(textMessage("wamid.IN0", USER, AT, "a")))));
    assertThat(r.status()).isEqualTo(200);
    Inbound.awaitProjected(server);

    assertThat(server.cells("wa_contacts"))
        .containsExactly(
            Fixtures.ACME_ID, USER, "Sheena Nelson", Long.toString(AT), Long.toString(AT + 10));
  }
}
