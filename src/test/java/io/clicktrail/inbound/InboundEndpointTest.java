package io.clicktrail.inbound;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callback URL: verification handshake, signatures, malformed bodies, durability. */
class InboundEndpointTest {
  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;
  private byte[] text;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    text = Inbound.fixture("inbound-text.json");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String verifyToken() {
    return acme.created().get("verify_token").asText();
  }

  private TestServer.Response verify(String account, String mode, String token, String challenge) {
    return server.get(
        Inbound.path(account)
            + "?hub.mode="
            + mode
            + "&hub.verify_token="
            + token
            + "&hub.challenge="
            + challenge,
        null);
  }

  private TestServer.Response postWith(String account, byte[] body, String signature) {
    return signature == null
        ? server.send("POST", Inbound.path(account), body, "Content-Type", "application/json")
        : server.send(
            "POST",
            Inbound.path(account),
            body,
            "Content-Type",
            "application/json",
            "X-Hub-Signature-256",
            signature);
  }

  // --- verification

  @Test
  void verification_withTheAccountsToken_echoesTheChallengeAsPlainText() {
    TestServer.Response r = verify(acme.id(), "subscribe", verifyToken(), "1158201444");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("1158201444");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
  }

  @Test
  void verification_withWrongToken_is403AndWritesNothing() {
    Map<String, Long> before = server.rowCounts();

    assertGraphError(verify(acme.id(), "subscribe", "wrong", "42"), 403, 200, "verification");
    assertGraphError(verify(acme.id(), "unsubscribe", verifyToken(), "42"), 403, 200, "hub.mode");
    assertGraphError(verify("999", "subscribe", verifyToken(), "42"), 403, 200, "verification");
    assertGraphError(
        server.get(Inbound.path(acme.id()) + "?hub.challenge=42", null), 403, 200, "verification");

    assertThat(server.rowCounts()).isEqualTo(before);
  }

  @Test
  void verification_withoutChallenge_is400() {
    assertGraphError(
        server.get(
            Inbound.path(acme.id()) + "?hub.mode=subscribe&hub.verify_token=" + verifyToken(),
            null),
        400,
        100,
        "hub.challenge");
  }

  // --- signatures

  @Test
  void signedFixture_is200AndDurableBeforeTheAnswer() {
    long before = server.queryLong("SELECT COUNT(*) FROM event_log");

    TestServer.Response r = Inbound.post(server, acme, text);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("success").asBoolean()).isTrue();
    // the answer came after the group commit: the change is in the log file already
    assertThat(server.queryLong("SELECT COUNT(*) FROM event_log WHERE type = 'whatsapp_change'"))
        .isEqualTo(before + 1);
  }

  @Test
  void badSignatures_are401AndStoreNothing() throws Exception {
    String good = Inbound.sign(Inbound.secret(acme), text);
    String reserialised =
        TestServer.JSON.readTree(new String(text, UTF_8)).toString(); // compact spacing
    Map<String, Long> before = server.rowCounts();

    List<TestServer.Response> refused =
        List.of(
            postWith(acme.id(), text, Inbound.sign("another-secret", text)),
            postWith(acme.id(), text, null),
            postWith(acme.id(), text, good.replace("sha256=", "sha1=")),
            postWith(acme.id(), text, good.replace("sha256=", "")),
            postWith(acme.id(), text, good.substring(0, good.length() - 2)),
            postWith(acme.id(), text, good + "00"),
            postWith(acme.id(), text, good.replace("sha256=", "sha256= ")),
            postWith(acme.id(), text, "sha256=" + "zz".repeat(32)),
            postWith(acme.id(), reserialised.getBytes(UTF_8), good),
            postWith(acme.id(), (new String(text, UTF_8) + "\n").getBytes(UTF_8), good),
            postWith("999999", text, good));

    for (TestServer.Response r : refused) {
      assertGraphError(r, 401, 190, "X-Hub-Signature-256");
    }
    assertThat(server.rowCounts()).isEqualTo(before);
  }

  @Test
  void unknownAccount_getsTheSameAnswerAsABadSignature() {
    String good = Inbound.sign(Inbound.secret(acme), text);

    JsonNode unknown = postWith("999999", text, good).json().get("error");
    JsonNode wrong = postWith(acme.id(), text, Inbound.sign("x", text)).json().get("error");

    assertThat(unknown.get("message")).isEqualTo(wrong.get("message"));
    assertThat(unknown.get("code")).isEqualTo(wrong.get("code"));
  }

  @Test
  void uppercaseHex_isAcceptedAsTheSameSignature() {
    String good = Inbound.sign(Inbound.secret(acme), text);
    String upper = "sha256=" + good.substring(7).toUpperCase(Locale.ROOT);

    assertThat(postWith(acme.id(), text, upper).status()).isEqualTo(200);
  }

  // --- malformed but signed

  @Test
  void malformedSignedBodies_are400AndStoreNothing() {
    Map<String, Long> before = server.rowCounts();
    List<String> bodies =
        List.of(
            "not json",
            "[]",
            "{\"object\":\"page\",\"entry\":[]}",
            "{\"entry\":[]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":{}}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[1]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\"}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"value\":{}}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"statuses\":\"x\"}}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"statuses\":[{\"id\":\"w\",\"status\":\"sent\"}]}}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"statuses\":[{\"id\":\"w\",\"status\":\"sent\","
                + "\"timestamp\":\"yesterday\"}]}}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"messages\":[null]}}]}]}",
            "{\"object\":\"whatsapp_business_account\",\"object\":\"whatsapp_business_account\","
                + "\"entry\":[]}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[]} {}");
    for (String body : bodies) {
      byte[] bytes = body.getBytes(UTF_8);
      TestServer.Response r = postWith(acme.id(), bytes, Inbound.sign(Inbound.secret(acme), bytes));
      assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
      assertThat(TestServer.graphErrorProblems(r.status(), r.body())).as(body).isEmpty();
    }
    assertThat(server.rowCounts()).isEqualTo(before);
  }

  @Test
  void wrongType_namesTheField() {
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"statuses\":[{\"id\":\"w\",\"status\":\"sent\","
                + "\"timestamp\":\"1\",\"pricing\":[]}]}}]}]}")
            .getBytes(UTF_8);

    assertGraphError(
        postWith(acme.id(), body, Inbound.sign(Inbound.secret(acme), body)),
        400,
        100,
        "entry[0].changes[0].value.statuses[0].pricing");
  }

  @Test
  void emptyEntryList_isAcceptedAndAppendsNothing() {
    Map<String, Long> before = server.rowCounts();

    TestServer.Response r =
        Inbound.post(server, acme, "{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.rowCounts()).isEqualTo(before);
  }

  @Test
  void otherFields_areAcceptedAndLoggedWithTheirValue() {
    String body =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"time\":1,"
            + "\"changes\":[{\"field\":\"message_template_status_update\",\"value\":"
            + "{\"event\":\"APPROVED\",\"message_template_id\":12}}]}]}";

    assertThat(Inbound.post(server, acme, body).status()).isEqualTo(200);

    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM event_log WHERE type = 'whatsapp_change'"
                    + " AND body LIKE '%message_template_status_update%'"))
        .isEqualTo(1);
  }

  // --- size

  @Test
  void bodyOver4MiB_is413_andA3MBBatchIsAccepted() {
    StringBuilder statuses = new StringBuilder();
    int i = 0;
    while (statuses.length() < 3_000_000) {
      if (i > 0) {
        statuses.append(',');
      }
      statuses.append(
          Inbound.status("wamid.BIG" + i, "delivered", 1750275000 + i, "16505551234")
              .put("biz_opaque_callback_data", "x".repeat(200)));
      i++;
    }
    String big =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{"
            + "\"field\":\"messages\",\"value\":{\"statuses\":["
            + statuses
            + "]}}]}]}";
    assertThat(Inbound.post(server, acme, big).status()).isEqualTo(200);

    byte[] huge = new byte[(4 << 20) + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    Map<String, Long> before = server.rowCounts();
    assertGraphError(Inbound.post(server, acme, huge), 413, 100, "exceeds");
    assertThat(server.rowCounts()).isEqualTo(before);
  }
}
