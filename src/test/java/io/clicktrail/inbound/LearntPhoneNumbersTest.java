package io.clicktrail.inbound;

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
 * A phone number that only ever appears in webhooks (messages sent without {@code POST
 * /v1/messages}, numbers never registered) joins the account's catalog, so analytics can list it
 * and filter by its display number; a registered display number is never overwritten.
 */
class LearntPhoneNumbersTest {
  private static final String WABA = "102290129340398";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount(WABA, "Acme");
    server.phoneNumber(acme, "106540352242922", "15550783881");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void status(String phoneId, String display, String messageId, long at) {
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\""
                + WABA
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\""
                + display
                + "\",\"phone_number_id\":\""
                + phoneId
                + "\"},\"statuses\":[{\"id\":\""
                + messageId
                + "\",\"status\":\"delivered\",\"timestamp\":\""
                + at
                + "\",\"recipient_id\":\"16505551234\"}]},\"field\":\"messages\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(server.postWhatsAppWebhook(acme, body).status()).isEqualTo(200);
  }

  private List<String> displays() {
    return server.pages("/v1/phone_numbers?limit=10", acme.token()).stream()
        .flatMap(
            page -> java.util.stream.StreamSupport.stream(page.get("data").spliterator(), false))
        .map(n -> n.get("display_phone_number").asText())
        .toList();
  }

  @Test
  void unknownNumberInMetadata_joinsTheCatalog_andAnalyticsFilterByIt() {
    long at = 1717372800L + 600;
    status("106540352242999", "15550789999", "wamid.LEARNT", at);
    status("106540352242922", "19999999999", "wamid.KNOWN", at);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(displays()).containsExactlyInAnyOrder("15550783881", "15550789999"));
    String fields =
        "analytics.start(1717372800).end(1717459200).granularity(DAY).phone_numbers([\"15550789999\"])";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode r =
                  server
                      .get(
                          "/"
                              + WABA
                              + "?fields="
                              + URLEncoder.encode(fields, StandardCharsets.UTF_8),
                          acme.token())
                      .json();
              assertThat(r.at("/analytics/data_points/0/sent").asLong()).isEqualTo(1);
              assertThat(r.at("/analytics/data_points/0/delivered").asLong()).isEqualTo(1);
            });
  }
}
