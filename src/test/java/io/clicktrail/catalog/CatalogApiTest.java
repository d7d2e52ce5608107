package io.clicktrail.catalog;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogApiTest {
  private static final String PHONE = Fixtures.PHONE_ID;
  private static final String SPRING_SALE = Fixtures.SPRING_SALE;

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  TestServer.Account beta;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(Fixtures.ACME_ID, "Acme");
    beta = server.createAccount("2", "Beta");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response putTemplate(TestServer.Account a, String id, String body) {
    return server.putTemplate(a, id, body);
  }

  private JsonNode template(String id) {
    return server.template(acme, id);
  }

  @Test
  void putPhoneNumber_returns200AndIsListed() {
    var r =
        server.put(
            "/v1/phone_numbers/" + PHONE,
            acme.token(),
            Map.of("display_phone_number", "+15550783881"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo("{\"id\":\"106540352242922\",\"display_phone_number\":\"15550783881\"}");
    assertThat(server.get("/v1/phone_numbers", acme.token()).json().get("data").toString())
        .isEqualTo("[{\"id\":\"106540352242922\",\"display_phone_number\":\"15550783881\"}]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"display_phone_number\":\"abc\"}",
        "{\"display_phone_number\":\"1234\"}",
        "{\"display_phone_number\":15550783881}",
        "{\"display_phone_number\":\"\"}",
        "{\"display_phone_number\":\"1555 078\"}"
      })
  void putPhoneNumber_invalidDisplay_returns400NamingIt(String body) {
    assertGraphError(
        server.put("/v1/phone_numbers/" + PHONE, acme.token(), body),
        400,
        100,
        "display_phone_number");
    assertThat(server.queryLong("SELECT COUNT(*) FROM phone_numbers")).isZero();
  }

  @Test
  void putPhoneNumber_badId_returns400NamingIt() {
    var r =
        server.put(
            "/v1/phone_numbers/bad!id",
            acme.token(),
            Map.of("display_phone_number", "15550783881"));

    assertGraphError(r, 400, 100, "phone_number_id");
  }

  @Test
  void putPhoneNumber_ownedByAnotherAccount_returns403AndKeepsIt() {
    server.phoneNumber(acme, PHONE, "15550783881");

    var r =
        server.put(
            "/v1/phone_numbers/" + PHONE,
            beta.token(),
            Map.of("display_phone_number", "15559999999"));

    assertGraphError(r, 403, 200, PHONE);
    assertThat(
            server
                .get("/v1/phone_numbers", acme.token())
                .json()
                .get("data")
                .get(0)
                .get("display_phone_number")
                .asText())
        .isEqualTo("15550783881");
    assertThat(server.get("/v1/phone_numbers", beta.token()).json().get("data")).isEmpty();
  }

  @Test
  void putTemplate_roundTripsWithButtonsAndTrackingOn() throws Exception {
    var r = putTemplate(acme, "1421988012088524", SPRING_SALE);

    String expected =
        "{\"id\":\"1421988012088524\",\"name\":\"spring_sale\","
            + "\"category\":\"MARKETING\",\"language\":\"en_US\",\"status\":\"APPROVED\",\"buttons\":["
            + "{\"type\":\"url\",\"text\":\"Tell me more\",\"url\":\"https://shop.example/sale\"},"
            + "{\"type\":\"quick_reply\",\"text\":\"Contact Support\"}],"
            + "\"cta_url_link_tracking_opted_out\":false}";
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(TestServer.JSON.readTree(expected));
    assertThat(template("1421988012088524")).isEqualTo(TestServer.JSON.readTree(expected));
  }

  @Test
  void putTemplate_acceptsADynamicUrlButton() {
    String url = server.baseUrl() + "/c/{{1}}";

    var r =
        putTemplate(
            acme,
            "t1",
            "{\"name\":\"x\",\"category\":\"MARKETING\",\"language\":\"en\",\"buttons\":["
                + "{\"type\":\"url\",\"text\":\"Go\",\"url\":\""
                + url
                + "\"}]}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(template("t1").get("buttons").get(0).get("url").asText()).isEqualTo(url);
  }

  @Test
  void putTemplate_enumsAreCaseInsensitive() {
    var r =
        putTemplate(
            acme,
            "t1",
            "{\"name\":\"x\",\"category\":\"marketing\",\"language\":"
                + "\"en\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"https://a.example/\"},"
                + "{\"type\":\"Quick_Reply\",\"text\":\"Stop\"}]}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode t = template("t1");
    assertThat(t.get("category").asText()).isEqualTo("MARKETING");
    assertThat(t.get("buttons").get(0).get("type").asText()).isEqualTo("url");
    assertThat(t.get("buttons").get(1).get("type").asText()).isEqualTo("quick_reply");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"category\":\"MARKETING\",\"language\":\"en\"}|name",
        "{\"name\":\"Bad Name\",\"category\":\"MARKETING\",\"language\":\"en\"}|name",
        "{\"name\":\"x\",\"category\":\"PROMO\",\"language\":\"en\"}|category",
        "{\"name\":\"x\",\"language\":\"en\"}|category",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"english!\"}|language",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[{\"type\":\"url\",\"text\":\"Go\"}]}|buttons[0].url",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[{\"type\":\"url\",\"text\":\"Go\",\"url\":\"ftp://a.example/\"}]}|buttons[0].url",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[{\"type\":\"quick_reply\",\"text\":\"Go\",\"url\":\"https://a.example/\"}]}|buttons[0].url",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[{\"type\":\"call\",\"text\":\"Go\"}]}|buttons[0].type",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[{\"type\":\"quick_reply\"}]}|buttons[0].text",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":[null]}|buttons[0]",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"status\":\"APPROVED\"}|status",
        "{\"name\":\"x\",\"category\":\"UTILITY\",\"language\":\"en\",\"buttons\":{}}|buttons"
      })
  void putTemplate_invalid_returns400NamingTheField(String caseAndField) {
    String[] parts = caseAndField.split("\\|");

    assertGraphError(putTemplate(acme, "t1", parts[0]), 400, 100, parts[1]);
    assertThat(server.queryLong("SELECT COUNT(*) FROM templates")).isZero();
  }

  @Test
  void templateOfAnotherAccount_cannotBeReadOrReplaced() {
    putTemplate(acme, "t1", SPRING_SALE);

    assertGraphError(
        putTemplate(beta, "t1", SPRING_SALE.replace("spring_sale", "stolen")), 403, 200, "t1");
    assertGraphError(server.get("/v1/templates/t1", beta.token()), 403, 200, "t1");
    assertThat(template("t1").get("name").asText()).isEqualTo("spring_sale");
    assertGraphError(server.get("/v1/templates/nope", acme.token()), 404, 803, "nope");
  }

  @Test
  void listTemplates_pagesByIdUntilTheLastPageHasNoAfter() {
    for (String id : List.of("t5", "t3", "t1", "t4", "t2")) {
      putTemplate(acme, id, SPRING_SALE);
    }
    putTemplate(beta, "t0", SPRING_SALE);

    List<JsonNode> pages = server.pages("/v1/templates?limit=2", acme.token());

    assertThat(pages).extracting(p -> p.get("data").size()).containsExactly(2, 2, 1);
    assertThat(pages.stream().flatMap(p -> p.get("data").valueStream()))
        .extracting(t -> t.get("id").asText() + " " + t.get("cta_url_link_tracking_opted_out"))
        .containsExactly("t1 false", "t2 false", "t3 false", "t4 false", "t5 false");
  }

  @Test
  void listPhoneNumbers_pagesLikeEveryList() {
    for (String id : List.of("103", "101", "102")) {
      server.phoneNumber(acme, id, "1555000" + id);
    }

    List<JsonNode> pages = server.pages("/v1/phone_numbers?limit=2", acme.token());

    assertThat(pages).extracting(p -> p.get("data").size()).containsExactly(2, 1);
    assertThat(pages.stream().flatMap(p -> p.get("data").valueStream()))
        .extracting(n -> n.get("id").asText() + " " + n.get("display_phone_number").asText())
        .containsExactly("101 1555000101", "102 1555000102", "103 1555000103");
    assertThat(server.pages("/v1/phone_numbers?limit=5", beta.token()).get(0).get("data"))
        .isEmpty();
  }
}
