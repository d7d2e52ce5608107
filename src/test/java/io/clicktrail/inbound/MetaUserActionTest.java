package io.clicktrail.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Meta's user_actions are stored; those naming one of our tracked links become meta clicks. */
class MetaUserActionTest {
  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;
  private String token;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
    JsonNode m =
        server.registerMessage(
            acme,
            Map.of(
                "message_id",
                "wamid.LINKED",
                "phone_number_id",
                Fixtures.PHONE_ID,
                "recipient",
                "16505551234",
                "text",
                "see https://shop.example/p/1"));
    token = m.at("/links/0/token").asText();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ObjectNode action(String clickId, String trackingToken) {
    ObjectNode a = Inbound.NODES.objectNode();
    a.put("action_type", "marketing_messages_link_click");
    a.put("timestamp", "1750275992");
    ObjectNode d = a.putObject("marketing_messages_link_click_data");
    d.put("click_component", "body");
    if (clickId != null) {
      d.put("click_id", clickId);
    }
    d.put("tracking_token", trackingToken);
    return a;
  }

  private void post(TestServer.Account account, ObjectNode... actions) {
    ObjectNode value = Inbound.value();
    value.putArray("user_actions").addAll(List.of(actions));
    TestServer.Response r = Inbound.post(server, account, Inbound.envelope(account.id(), value));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void actionOnOurTrackedLink_isAMetaClick_countedOnce() {
    post(acme, action("mclick1", token));
    post(acme, action("mclick1", token));
    Inbound.awaitProjected(server);

    List<JsonNode> clicks = server.allClicks(acme.token(), "wamid.LINKED");
    assertThat(clicks).hasSize(1);
    JsonNode click = clicks.get(0);
    assertThat(click.get("click_id").asText()).isEqualTo("mclick1");
    assertThat(click.get("source").asText()).isEqualTo("meta");
    assertThat(click.get("classification").asText()).isEqualTo("human");
    assertThat(click.get("timestamp").asLong()).isEqualTo(1750275992);
    JsonNode message = server.get("/v1/messages/wamid.LINKED", acme.token()).json();
    assertThat(message.at("/link_data/0/count").asInt()).isEqualTo(1);
    assertThat(server.queryLong("SELECT COUNT(*) FROM meta_user_actions")).isEqualTo(1);
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM meta_user_actions WHERE message_id = 'wamid.LINKED'"
                    + " AND link_index = 0"))
        .isEqualTo(1);
  }

  @Test
  void actionOnAnotherAccountsLink_isStoredButNotAClick() {
    TestServer.Account other = server.createAccount("555", "Other");

    post(other, action("mclick2", token));
    Inbound.awaitProjected(server);

    assertThat(server.queryLong("SELECT COUNT(*) FROM clicks")).isZero();
    assertThat(server.queryLong("SELECT COUNT(*) FROM meta_user_actions WHERE account_id = '555'"))
        .isEqualTo(1);
  }

  @Test
  void actionsWithoutOrWithUnusableClickIds_getStableDerivedIds() {
    ObjectNode noId = action(null, "meta-internal-token");
    ObjectNode longId = action("x".repeat(40), token);

    post(acme, noId, longId);
    post(acme, noId, longId);
    Inbound.awaitProjected(server);

    assertThat(server.queryLong("SELECT COUNT(*) FROM meta_user_actions")).isEqualTo(2);
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM meta_user_actions WHERE click_id LIKE 'meta\\_%' ESCAPE '\\'"
                    + " AND LENGTH(click_id) = 32"))
        .isEqualTo(2);
    assertThat(server.allClicks(acme.token(), "wamid.LINKED")).hasSize(1);
  }
}
