package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signing, posting and building WhatsApp webhooks in tests, and waiting for their projection. */
final class Inbound {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Inbound() {}

  /** {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code body}, computed here. */
  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String secret(TestServer.Account account) {
    return account.created().get("app_secret").asText();
  }

  static String path(String accountId) {
    return "/webhooks/whatsapp/" + accountId;
  }

  /** POSTs {@code body} signed with the account's app secret. */
  static TestServer.Response post(TestServer server, TestServer.Account account, byte[] body) {
    return server.send(
        "POST",
        path(account.id()),
        body,
        "Content-Type",
        "application/json",
        "X-Hub-Signature-256",
        sign(secret(account), body));
  }

  static TestServer.Response post(TestServer server, TestServer.Account account, String body) {
    return post(server, account, body.getBytes(UTF_8));
  }

  static TestServer.Response post(TestServer server, TestServer.Account account, JsonNode body) {
    return post(server, account, body.toString());
  }

  /** A fixture of this package's test resources (copies of {@code shared/fixtures/whatsapp}). */
  static byte[] fixture(String name) {
    try (InputStream in = Inbound.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code value} of every logged WhatsApp change, in log order. */
  static List<String> loggedValues(TestServer server) {
    Path file = server.app().settings().dataDir().resolve("events.db");
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT body FROM event_log WHERE type = 'whatsapp_change' ORDER BY seq")) {
      while (rs.next()) {
        values.add(TestServer.JSON.readTree(rs.getString(1)).get("value").asText());
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  /** Waits until every consumer has committed the whole log and the outbox is empty. */
  static void awaitProjected(TestServer server) {
    await()
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              long head = server.queryLong("SELECT COALESCE(MAX(seq), 0) FROM event_log");
              long outbox = server.queryLong("SELECT COUNT(*) FROM outbox");
              long behind =
                  server.queryLong(
                      "SELECT COUNT(*) FROM (SELECT 'inbound' AS c UNION ALL SELECT 'engagement')"
                          + " names WHERE COALESCE((SELECT position FROM consumer_positions p"
                          + " WHERE p.consumer = names.c), 0) < "
                          + head);
              return outbox == 0 && behind == 0;
            });
  }

  /** A {@code messages} change value for the spec's phone number, with the given statuses. */
  static ObjectNode statusesValue(List<ObjectNode> statuses) {
    ObjectNode value = value();
    ArrayNode list = value.putArray("statuses");
    statuses.forEach(list::add);
    return value;
  }

  /** A {@code messages} change value with {@code messaging_product} and {@code metadata} only. */
  static ObjectNode value() {
    ObjectNode value = NODES.objectNode();
    value.put("messaging_product", "whatsapp");
    value
        .putObject("metadata")
        .put("display_phone_number", Fixtures.PHONE_DISPLAY)
        .put("phone_number_id", Fixtures.PHONE_ID);
    return value;
  }

  /** The envelope around one {@code messages} change of {@code value}. */
  static ObjectNode envelope(String wabaId, ObjectNode value) {
    ObjectNode root = NODES.objectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode change = root.putArray("entry").addObject();
    change.put("id", wabaId);
    ObjectNode c = change.putArray("changes").addObject();
    c.set("value", value);
    c.put("field", "messages");
    return root;
  }

  /** A status item. */
  static ObjectNode status(String messageId, String status, long timestamp, String recipient) {
    ObjectNode s = NODES.objectNode();
    s.put("id", messageId);
    s.put("status", status);
    s.put("timestamp", Long.toString(timestamp));
    s.put("recipient_id", recipient);
    return s;
  }

  /** Adds Meta's conversation and pricing objects to {@code status}. */
  static ObjectNode priced(ObjectNode status, String conversationId, String category) {
    ObjectNode conversation = status.putObject("conversation");
    conversation.put("id", conversationId);
    conversation.putObject("origin").put("type", category);
    if (status.get("status").asText().equals("sent")) {
      conversation.put(
          "expiration_timestamp", Long.toString(status.get("timestamp").asLong() + 86_400));
    }
    status
        .putObject("pricing")
        .put("billable", true)
        .put("pricing_model", "PMP")
        .put("category", category)
        .put("type", "regular");
    return status;
  }

  /** An inbound text message from {@code from}, with its contact. */
  static ObjectNode textMessage(String id, String from, long timestamp, String body) {
    ObjectNode m = NODES.objectNode();
    m.put("from", from);
    m.put("id", id);
    m.put("timestamp", Long.toString(timestamp));
    m.put("type", "text");
    m.putObject("text").put("body", body);
    return m;
  }

  /** A value carrying {@code messages} from one user named {@code name}. */
  static ObjectNode messagesValue(String waId, String name, List<ObjectNode> messages) {
    ObjectNode value = value();
    ObjectNode contact = value.putArray("contacts").addObject();
    contact.putObject("profile").put("name", name);
    contact.put("wa_id", waId);
    ArrayNode list = value.putArray("messages");
    messages.forEach(list::add);
    return value;
  }
}
