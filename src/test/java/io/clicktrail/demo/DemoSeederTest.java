package io.clicktrail.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo seeds a campaign through the public API that every read API then shows. */
class DemoSeederTest {
  @TempDir Path dir;

  @Test
  void seed_printsTheAccount_andFillsClicksStatusesAndAnalytics() {
    try (TestServer server = TestServer.start(dir)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      DemoSeeder.seed(
          server.baseUrl(),
          server.adminToken(),
          new PrintStream(printed, true, StandardCharsets.UTF_8));

      String out = printed.toString(StandardCharsets.UTF_8);
      Matcher account = Pattern.compile("demo account: (\\d+)").matcher(out);
      Matcher token = Pattern.compile("account token: (ct_\\S+)").matcher(out);
      assertThat(account.find()).as(out).isTrue();
      assertThat(token.find()).as(out).isTrue();
      String waba = account.group(1);
      String bearer = token.group(1);

      assertThat(server.allClicks(bearer, null)).hasSizeGreaterThan(100);
      long day = System.currentTimeMillis() / 1000 / 86_400 * 86_400;
      String fields =
          "analytics.start("
              + (day - 31 * 86_400L)
              + ").end("
              + (day + 86_400)
              + ").granularity(DAY)";
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonNode points =
                    server
                        .get(
                            "/"
                                + waba
                                + "?fields="
                                + URLEncoder.encode(fields, StandardCharsets.UTF_8),
                            bearer)
                        .json()
                        .at("/analytics/data_points");
                long sent = 0;
                long delivered = 0;
                for (JsonNode p : points) {
                  sent += p.get("sent").asLong();
                  delivered += p.get("delivered").asLong();
                }
                assertThat(sent).isEqualTo(600);
                assertThat(delivered).isBetween(400L, 599L);
              });
    }
  }
}
