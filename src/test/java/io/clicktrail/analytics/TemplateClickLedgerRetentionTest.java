package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-click ledger of template button clicks goes with retention; the counts stay. */
class TemplateClickLedgerRetentionTest {
  @TempDir Path dir;

  private final MutableClock clock = MutableClock.ofNow();
  private final Map<String, String> oneDay = Map.of("retention", "1d", "admin-token", "adm");

  @Test
  void ledgerRowsOlderThanRetention_areDeletedAtStart_andTheRollupStays() {
    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      TestServer.Account acme = server.createAccount(Fixtures.ACME_ID, "Acme");
      server.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
      assertThat(server.putTemplate(acme, "tpl_sale", Fixtures.SPRING_SALE).status())
          .isEqualTo(200);
      String cta =
          server
              .registerMessage(
                  acme,
                  Map.of(
                      "message_id", "wamid.tpl",
                      "phone_number_id", Fixtures.PHONE_ID,
                      "recipient", "16505551234",
                      "template_id", "tpl_sale",
                      "cta_urls", List.of("https://shop.example/sale")))
              .get("cta_urls")
              .get(0)
              .asText();
      assertThat(server.click(cta, TestServer.BROWSER).status()).isEqualTo(302);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.queryLong("SELECT COUNT(*) FROM template_clicks") == 1);
    }

    clock.advance(Duration.ofDays(3));

    try (TestServer server = TestServer.start(dir, oneDay, clock)) {
      assertThat(server.queryLong("SELECT COUNT(*) FROM template_clicks")).isZero();
      assertThat(server.queryLong("SELECT SUM(clicks) FROM template_button_rollup")).isEqualTo(1);
    }
  }
}
