package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example requests of the WhatsApp analytics documents, sent as written there (line breaks and
 * indentation included), answer in the documented shape.
 */
class SeedRequestsApiTest {
  private static final String WABA = "102290129340398";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(WABA, "Acme");
    server.phoneNumber(acme, "106540352242922", "16505550111");
    server.phoneNumber(acme, "106540352242923", "16505550112");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode get(String fields) {
    TestServer.Response r =
        server.get(
            "/v21.0/" + WABA + "?fields=" + URLEncoder.encode(fields, StandardCharsets.UTF_8),
            acme.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void analyticsExample_answersADataPointPerDay() {
    JsonNode r =
        get(
            """
            analytics
                  .start(1543543200)
                  .end(1544148000)
                  .granularity(DAY)""");
    assertThat(r.get("id").asText()).isEqualTo(WABA);
    JsonNode analytics = r.get("analytics");
    assertThat(analytics.get("granularity").asText()).isEqualTo("DAY");
    assertThat(analytics.get("phone_numbers"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("16505550111", "16505550112");
    assertThat(analytics.get("country_codes").isArray()).isTrue();
    JsonNode points = analytics.get("data_points");
    assertThat(points).hasSize(7);
    for (int i = 0; i < 7; i++) {
      JsonNode p = points.get(i);
      assertThat(p.get("start").asLong()).isEqualTo(1543543200L + i * 86400L);
      assertThat(p.get("end").asLong()).isEqualTo(1543543200L + (i + 1) * 86400L);
      assertThat(p.get("sent").asLong()).isZero();
      assertThat(p.get("delivered").asLong()).isZero();
    }
  }

  @Test
  void conversationExample_answersDataPointsWithTheRequestedDimensions() {
    long at = 1685602800L + 3600;
    String status =
        "{\"id\":\"wamid.SEED\",\"status\":\"sent\",\"timestamp\":\""
            + at
            + "\",\"recipient_id\":\"16505551234\",\"conversation\":{\"id\":\"CONV1\","
            + "\"expiration_timestamp\":\""
            + (at + 86400)
            + "\",\"origin\":{\"type\":\"authentication\"}},\"pricing\":{\"billable\":true,"
            + "\"pricing_model\":\"PMP\",\"category\":\"authentication\",\"type\":\"regular\"}}";
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\""
                + WABA
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"16505550111\",\"phone_number_id\":"
                + "\"106540352242922\"},\"statuses\":["
                + status
                + "]},\"field\":\"messages\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(server.postWhatsAppWebhook(acme, body).status()).isEqualTo(200);
    String fields =
        """
        conversation_analytics
          .start(1685602800).end(1688194800)
          .granularity(MONTHLY)
          .phone_numbers([])
          .dimensions(["CONVERSATION_CATEGORY","CONVERSATION_TYPE","COUNTRY","PHONE"])""";

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(fields).at("/conversation_analytics/data/0/data_points").size() == 1);
    JsonNode r = get(fields);
    assertThat(r.get("id").asText()).isEqualTo(WABA);
    JsonNode point = r.at("/conversation_analytics/data/0/data_points/0");
    assertThat(point.get("start").asLong()).isEqualTo(1685602800L);
    assertThat(point.get("end").asLong()).isEqualTo(1688194800L);
    assertThat(point.get("conversation").asLong()).isEqualTo(1);
    assertThat(point.get("phone_number").asText()).isEqualTo("16505550111");
    assertThat(point.get("country").asText()).isEqualTo("US");
    assertThat(point.get("conversation_type").asText()).isEqualTo("REGULAR");
    assertThat(point.get("conversation_category").asText()).isEqualTo("AUTHENTICATION");
    assertThat(point.has("cost")).isTrue();
    assertThat(List.of("start", "end", "conversation", "cost")).allMatch(point::has);
  }
}
