package io.clicktrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clicktrail demo} of the real jar: it seeds, prints how to open the dashboard, serves the
 * seeded account's analytics, attribution and webhooks, and exits 0 on SIGTERM.
 */
class DemoIT {
  private static final Pattern DASHBOARD =
      Pattern.compile("(?m)^dashboard: ((http://localhost:\\d+)/\\?access_token=(ct_\\S+))$");
  private static final Pattern ACCOUNT = Pattern.compile("(?m)^demo account: (\\d+)$");

  @TempDir Path dir;
  private JarProcess demo;

  @AfterEach
  void kill() throws InterruptedException {
    if (demo != null) {
      demo.kill();
    }
  }

  @Test
  void demo_seedsPrintsTheDashboard_servesTheAccount_andExitsZeroOnSigterm() throws Exception {
    demo = JarProcess.startDemo(dir, "demo", Duration.ofSeconds(120));
    String printed = demo.output();
    Matcher dashboard = DASHBOARD.matcher(printed);
    Matcher account = ACCOUNT.matcher(printed);
    assertThat(dashboard.find()).as(printed).isTrue();
    assertThat(account.find()).as(printed).isTrue();
    String token = dashboard.group(3);
    String waba = account.group(1);
    assertThat(dashboard.group(2)).isEqualTo(demo.baseUrl());
    assertThat(printed).containsPattern("(?m)^account token: " + Pattern.quote(token) + "$");

    HttpResponse<String> page = get(URI.create(dashboard.group(1)));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));

    long day = System.currentTimeMillis() / 1000 / 86_400 * 86_400;
    String analytics =
        "/"
            + waba
            + "/template_analytics?granularity=daily&template_ids=1421988012088524,1421988012088526"
            + "&start="
            + (day - 31 * 86_400L)
            + "&end="
            + (day + 86_400)
            + "&metric_types=SENT,CLICKED";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode points =
                  JarProcess.json(demo.send("GET", analytics, token, null), 200)
                      .at("/data/0/data_points");
              long sent = 0;
              long quickReplies = 0;
              for (JsonNode p : points) {
                sent += p.get("sent").asLong();
                for (JsonNode c : p.path("clicked")) {
                  if (c.get("type").asText().equals("quick_reply_button")) {
                    quickReplies += c.get("count").asLong();
                  }
                }
              }
              assertThat(sent).isGreaterThan(1_000);
              assertThat(quickReplies).isPositive();

              JsonNode ads = JarProcess.json(demo.send("GET", "/v1/attribution", token, null), 200);
              assertThat(ads.get("data")).hasSizeGreaterThanOrEqualTo(2);
              for (JsonNode ad : ads.get("data")) {
                assertThat(ad.get("conversations").asLong()).isPositive();
                assertThat(ad.get("replies").asLong()).isPositive();
              }

              JsonNode hooks = JarProcess.json(demo.send("GET", "/v1/webhooks", token, null), 200);
              assertThat(hooks.get("data").findValuesAsText("status"))
                  .containsExactlyInAnyOrder("active", "failing");
            });

    demo.process().destroy();
    assertThat(demo.process().waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(demo.process().exitValue()).as("exit status after SIGTERM").isZero();
  }

  private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
    return JarProcess.http()
        .send(
            HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
