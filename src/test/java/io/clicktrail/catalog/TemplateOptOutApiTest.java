package io.clicktrail.catalog;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Graph template update {@code POST /{template_id}} and what link-tracking opt-out does. */
class TemplateOptOutApiTest {
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

  private TestServer.Response graphUpdate(String path, TestServer.Account a) {
    return server.post(path, a.token(), null);
  }

  @Test
  void graphUpdate_optOutWithSameCategory_succeedsAndKeepsStatus() {
    putTemplate(acme, "1421988012088524", SPRING_SALE);

    var r =
        graphUpdate(
            "/1421988012088524?cta_url_link_tracking_opted_out=true&category=marketing", acme);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"success\":true}");
    JsonNode t = template("1421988012088524");
    assertThat(t.get("cta_url_link_tracking_opted_out").asBoolean()).isTrue();
    assertThat(t.get("status").asText()).isEqualTo("APPROVED");
    assertThat(t.get("category").asText()).isEqualTo("MARKETING");
  }

  @Test
  void graphUpdate_withVersionPrefix_succeeds() {
    putTemplate(acme, "1421988012088524", SPRING_SALE);
    graphUpdate("/1421988012088524?cta_url_link_tracking_opted_out=TRUE", acme);

    var r = graphUpdate("/v21.0/1421988012088524?cta_url_link_tracking_opted_out=false", acme);

    assertThat(r.body()).isEqualTo("{\"success\":true}");
    assertThat(template("1421988012088524").get("cta_url_link_tracking_opted_out").asBoolean())
        .isFalse();
  }

  @Test
  void graphUpdate_categoryChange_setsPending() {
    putTemplate(acme, "t1", SPRING_SALE);

    var r = graphUpdate("/v21.0/t1?category=Utility&access_token=" + acme.token(), acme);

    assertThat(r.body()).isEqualTo("{\"success\":true}");
    JsonNode t = template("t1");
    assertThat(t.get("category").asText()).isEqualTo("UTILITY");
    assertThat(t.get("status").asText()).isEqualTo("PENDING");
    assertThat(t.get("cta_url_link_tracking_opted_out").asBoolean()).isFalse();
  }

  @Test
  void graphUpdate_unknownId_returns404Code803() {
    assertGraphError(
        graphUpdate("/999?cta_url_link_tracking_opted_out=true", acme), 404, 803, "999");
    assertGraphError(graphUpdate("/v21.0/999?category=marketing", acme), 404, 803, "999");
  }

  @Test
  void graphUpdate_otherAccountsTemplate_returns403AndChangesNothing() {
    putTemplate(acme, "t1", SPRING_SALE);

    var r = graphUpdate("/t1?cta_url_link_tracking_opted_out=true&category=utility", beta);

    assertGraphError(r, 403, 200, "t1");
    JsonNode t = template("t1");
    assertThat(t.get("cta_url_link_tracking_opted_out").asBoolean()).isFalse();
    assertThat(t.get("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void graphUpdate_badValues_return400NamingTheParameter() {
    putTemplate(acme, "t1", SPRING_SALE);

    assertGraphError(
        graphUpdate("/t1?cta_url_link_tracking_opted_out=maybe", acme),
        400,
        100,
        "cta_url_link_tracking_opted_out");
    assertGraphError(graphUpdate("/t1?category=promo", acme), 400, 100, "category");
    assertGraphError(graphUpdate("/t1?colour=red", acme), 400, 100, "colour");
    assertGraphError(graphUpdate("/t1", acme), 400, 100, "cta_url_link_tracking_opted_out");
    assertThat(template("t1").get("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void optOut_newMessagesGetUntrackedCtaButTrackedBodyLinks() {
    server.phoneNumber(acme, PHONE, "15550783881");
    putTemplate(acme, "t1", SPRING_SALE);
    JsonNode before = message().json().get("links");
    assertThat(graphUpdate("/t1?cta_url_link_tracking_opted_out=true", acme).status())
        .isEqualTo(200);

    var r = message();

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(before.get(1).get("token").isTextual()).isTrue();
    JsonNode links = r.json().get("links");
    assertThat(links.get(0).get("component").asText()).isEqualTo("body");
    assertThat(links.get(0).get("tracked_url").asText())
        .isEqualTo(server.baseUrl() + "/c/" + links.get(0).get("token").asText());
    assertThat(links.get(1).get("component").asText()).isEqualTo("cta");
    assertThat(links.get(1).get("url").asText()).isEqualTo("https://shop.example/sale?u=42");
    assertThat(links.get(1).get("tracked_url").asText())
        .isEqualTo("https://shop.example/sale?u=42");
    assertThat(links.get(1).get("token").isNull()).isTrue();
    assertThat(r.json().get("cta_urls").toString())
        .isEqualTo("[\"https://shop.example/sale?u=42\"]");
    assertThat(r.json().get("text").asText())
        .isEqualTo("See " + links.get(0).get("tracked_url").asText());
  }

  private TestServer.Response message() {
    return server.post(
        "/v1/messages",
        acme.token(),
        Map.of(
            "phone_number_id", PHONE,
            "recipient", "16505551234",
            "template_id", "t1",
            "text", "See https://shop.example/p/1",
            "cta_urls", List.of("https://shop.example/sale?u=42")));
  }

  @Test
  void graphUpdate_formEncodedBody_isReadLikeTheQuery() {
    putTemplate(acme, "1421988012088524", SPRING_SALE);

    var r =
        server.send(
            "POST",
            "/v21.0/1421988012088524",
            "cta_url_link_tracking_opted_out=true&category=UTILITY"
                .getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + acme.token(),
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode t = template("1421988012088524");
    assertThat(t.get("cta_url_link_tracking_opted_out").asBoolean()).isTrue();
    assertThat(t.get("category").asText()).isEqualTo("UTILITY");
    assertThat(t.get("status").asText()).isEqualTo("PENDING");
  }
}
