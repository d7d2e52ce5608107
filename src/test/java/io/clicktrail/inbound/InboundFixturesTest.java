package io.clicktrail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every WhatsApp fixture is accepted and lands in the read models. */
class InboundFixturesTest {
  private static final Path SHARED = Path.of("..", "shared", "fixtures", "whatsapp");
  private static final List<String> FIXTURES =
      List.of(
          "inbound-text.json",
          "inbound-ctwa-referral.json",
          "inbound-referred-product.json",
          "click-user-action.json");

  @TempDir Path dir;
  private TestServer server;
  private TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void fixtureCopies_matchTheSharedFixtures() throws Exception {
    assumeTrue(Files.isDirectory(SHARED), "shared/ is not beside the work tree");
    for (String name : FIXTURES) {
      assertThat(Inbound.fixture(name))
          .as(name)
          .isEqualTo(Files.readAllBytes(SHARED.resolve(name)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "inbound-text.json",
        "inbound-ctwa-referral.json",
        "inbound-referred-product.json",
        "click-user-action.json"
      })
  void fixture_isAcceptedAndItsValueLoggedByteForByte(String name) throws Exception {
    byte[] body = Inbound.fixture(name);

    assertThat(Inbound.post(server, acme, body).status()).isEqualTo(200);

    JsonNode expected = TestServer.JSON.readTree(body).at("/entry/0/changes/0/value");
    String logged =
        Inbound.loggedValues(server).stream().findFirst().orElseThrow(); // one change each
    assertThat(TestServer.JSON.readTree(logged)).isEqualTo(expected);
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains(logged);
  }

  @Test
  void textFixture_storesTheMessageAndItsContact() {
    Inbound.post(server, acme, Inbound.fixture("inbound-text.json"));
    Inbound.awaitProjected(server);

    assertThat(server.cells("inbound_messages"))
        .contains(
            Fixtures.ACME_ID,
            "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            Fixtures.PHONE_ID,
            "16505551234",
            "text",
            "1749416383",
            "Does it come in another color?");
    assertThat(server.cells("wa_contacts"))
        .containsExactly(
            Fixtures.ACME_ID, "16505551234", "Sheena Nelson", "1749416383", "1749416383");
  }

  @Test
  void referralFixture_recordsTheAdThatStartedTheConversation() {
    Inbound.post(server, acme, Inbound.fixture("inbound-ctwa-referral.json"));
    Inbound.awaitProjected(server);

    assertThat(server.cells("ad_referrals"))
        .containsExactly(
            Fixtures.ACME_ID,
            "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=",
            "16505551234",
            "120226305854810726",
            "ad",
            "https://fb.me/3cr4Wqqkv",
            "Chat with us",
            "Summer Succulents are here!",
            "image",
            "https://scontent.xx.fbcdn.net/v/t45.1...",
            "null",
            "null",
            "Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50",
            "Hi there! Let us know how we can help!",
            "1750275992");
    JsonNode report = server.get("/v1/attribution", acme.token()).json();
    assertThat(report.get("data")).hasSize(1);
    assertThat(report.at("/data/0/source_id").asText()).isEqualTo("120226305854810726");
    assertThat(report.at("/data/0/conversations").asLong()).isEqualTo(1);
    assertThat(report.at("/data/0/replies").asLong()).isZero();
  }

  @Test
  void referredProductFixture_keepsItsContextUnderTheCallbackAccount() {
    // its entry id is another WABA: the account whose URL and secret were used owns it
    Inbound.post(server, acme, Inbound.fixture("inbound-referred-product.json"));
    Inbound.awaitProjected(server);

    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM inbound_messages WHERE account_id = '"
                    + Fixtures.ACME_ID
                    + "' AND context_id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA'"
                    + " AND reply_to IS NULL"))
        .isEqualTo(1);
    assertThat(server.cells("inbound_messages"))
        .contains("Is this still available?")
        .anySatisfy(cell -> assertThat(cell).contains("\"product_retailer_id\":\"di9ozbzfi4\""));
  }

  @Test
  void userActionFixture_isStoredAsAMetaClick() {
    Inbound.post(server, acme, Inbound.fixture("click-user-action.json"));
    Inbound.awaitProjected(server);

    assertThat(server.cells("meta_user_actions"))
        .startsWith(
            Fixtures.ACME_ID,
            "c1f0b2a4e9d84c7a",
            Fixtures.PHONE_ID,
            "marketing_messages_link_click",
            "cta",
            "di9ozbzfi4",
            "example_token",
            "1750275992000",
            "null",
            "null");
    // "example_token" is not a Clicktrail token: no click on any of our links
    assertThat(server.queryLong("SELECT COUNT(*) FROM clicks")).isZero();
  }
}
