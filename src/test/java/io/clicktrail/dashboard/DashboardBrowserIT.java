package io.clicktrail.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real browser against the real jar's {@code demo}: the token leaves the address
 * bar, every panel draws a chart with data, the funnel shows what {@code template_analytics}
 * answers, a click shows up in the live feed within two seconds, the page fits a phone, and signing
 * out or a wrong token shows the sign-in form instead of the panels. Screenshots go to {@code
 * target/screenshots}.
 */
class DashboardBrowserIT {
  private static final Duration DRAWN = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Pattern CLICK_ID = Pattern.compile("[?&]click_id=([A-Za-z0-9_-]+)");
  private static final String BROWSER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";

  @TempDir static Path shared;
  private static DemoJar demo;

  @TempDir Path profile;
  private DashboardPage page;

  @BeforeAll
  static void startDemo() throws IOException {
    Chromium.requireInstalled();
    demo = DemoJar.start(shared);
    // the page and the test must read the same settled numbers
    demo.awaitProjected();
  }

  @AfterAll
  static void stopDemo() throws InterruptedException {
    if (demo != null) {
      try {
        assertThat(demo.stop()).as("demo's exit status after SIGTERM").isZero();
      } finally {
        demo.kill();
      }
    }
  }

  @BeforeEach
  void startBrowser() {
    page = new DashboardPage(Chromium.start(profile));
  }

  /** Fails the test when the page logged an error, other than the refusal of a wrong token. */
  @AfterEach
  void stopBrowser() {
    try {
      assertThat(severeConsoleEntries())
          .as("console errors")
          .filteredOn(m -> !(m.contains("/v1/me") && m.contains("401")))
          .isEmpty();
    } finally {
      page.driver().quit();
    }
  }

  @Test
  void openedWithToken_dropsItFromTheAddress_andDrawsEveryPanelWithData() throws IOException {
    page.open(demo.dashboardUrl());

    assertThat(page.address()).doesNotContain("access_token").doesNotContain(demo.token());
    page.awaitEveryChartDrawn(DRAWN);
    for (String panel : DashboardPage.PANELS) {
      assertThat(page.chartPoints(panel)).as("data points of %s", panel).isPositive();
    }
    assertThat(page.driver().findElement(By.id("account-name")).getDomAttribute("data-account-id"))
        .isEqualTo(demo.accountId());

    page.awaitChartsSettled();
    page.saveFullPage(SCREENSHOTS.resolve("dashboard-1440.png"), false);

    page.emulateViewport(390, 844, true);
    page.awaitChartsSettled();
    assertThat(page.innerWidth()).isEqualTo(390);
    assertThat(page.scrollWidth())
        .as("document width at phone width (no horizontal scroll)")
        .isLessThanOrEqualTo(page.innerWidth());
    page.saveFullPage(SCREENSHOTS.resolve("dashboard-phone.png"), true);
    assertThat(page.scrollWidth()).isLessThanOrEqualTo(page.innerWidth());
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "7", "90"})
  void funnel_showsWhatTemplateAnalyticsAnswersForTheChosenRange(String days) {
    page.open(demo.dashboardUrl());
    page.awaitEveryChartDrawn(DRAWN);
    page.chooseRange(days);
    page.await(
        DRAWN, "the funnel for " + days + " days", d -> days.equals(page.funnelAttribute("days")));
    page.awaitEveryChartDrawn(DRAWN);
    long start = Long.parseLong(page.funnelAttribute("start"));
    long end = Long.parseLong(page.funnelAttribute("end"));
    assertThat(end - start).isEqualTo(Long.parseLong(days) * 86_400);

    // counts only grow, so the page's numbers lie between two reads of the API around them
    Map<String, Map<String, Long>> before = templateTotals(start, end);
    Map<String, Map<String, Long>> shown = page.funnelRows();
    Map<String, Long> shownTotals = page.funnelTotals();
    Map<String, Map<String, Long>> after = templateTotals(start, end);

    assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
    assertThat(before.values().stream().mapToLong(t -> t.get("sent")).sum())
        .as("template messages sent in the last %s days", days)
        .isPositive();
    for (String template : before.keySet()) {
      for (String metric : DashboardPage.FUNNEL_METRICS) {
        assertThat(shown.get(template).get(metric))
            .as("template %s %s", template, metric)
            .isBetween(before.get(template).get(metric), after.get(template).get(metric));
      }
    }
    for (String metric : DashboardPage.FUNNEL_METRICS) {
      assertThat(shownTotals.get(metric))
          .as("total %s", metric)
          .isEqualTo(shown.values().stream().mapToLong(t -> t.get(metric)).sum());
    }
  }

  @Test
  void optedOutTemplate_showsItsClicksAsNotTracked() {
    JsonNode templates = demo.get("/v1/templates").get("data");
    String template = templates.get(templates.size() - 1).get("id").asText();
    optOut(template, true);
    try {
      page.open(demo.dashboardUrl());
      page.awaitEveryChartDrawn(DRAWN);

      WebElement row =
          page.panel("funnel").findElement(By.cssSelector("[data-template-id='" + template + "']"));
      assertThat(row.getDomAttribute("data-opted-out")).isEqualTo("true");
      WebElement clicked = row.findElement(By.cssSelector("[data-metric='clicked']"));
      assertThat(clicked.getDomAttribute("data-value")).isEqualTo("0");
      assertThat(clicked.getText()).isEqualTo("—");
      assertThat(page.funnelRows().get(template).get("sent")).isPositive();
    } finally {
      optOut(template, false);
    }
  }

  private void optOut(String template, boolean optedOut) {
    JarProcess.json(
        demo.send("POST", "/" + template + "?cta_url_link_tracking_opted_out=" + optedOut, null),
        200);
  }

  @Test
  void liveFeed_showsANewClickWithinTwoSeconds() throws Exception {
    page.open(demo.dashboardUrl());
    page.await(
        DRAWN,
        "the live feed connected",
        d -> "connected".equals(page.panel("live-feed").getDomAttribute("data-live")));

    String clickId = click(registerMessage());

    page.await(
        Duration.ofSeconds(2),
        "click " + clickId + " in the live feed",
        d ->
            !d.findElements(
                    By.cssSelector("[data-panel='live-feed'] [data-click-id='" + clickId + "']"))
                .isEmpty());
  }

  @Test
  void signOut_showsTheSignInForm_andAWrongTokenShowsAnErrorAndNoPanels() {
    page.open(demo.dashboardUrl());
    page.await(DRAWN, "the dashboard shown", d -> page.anyPanelDisplayed());

    page.signOut();
    page.await(Duration.ofSeconds(5), "the sign-in form", d -> page.signInForm().isDisplayed());
    assertThat(page.anyPanelDisplayed()).as("panels after signing out").isFalse();
    assertThat(page.script("return sessionStorage.length;")).isEqualTo(0L);

    page.signIn("ct_not_a_token_of_this_server");
    page.await(Duration.ofSeconds(5), "the sign-in error", d -> page.signInError().isDisplayed());
    assertThat(page.signInError().getText()).isNotBlank();
    assertThat(page.signInForm().isDisplayed()).isTrue();
    assertThat(page.anyPanelDisplayed()).as("panels after a wrong token").isFalse();

    page.signIn(demo.token());
    page.awaitEveryChartDrawn(DRAWN);
    assertThat(page.address()).doesNotContain(demo.token());
  }

  /** Each template's totals over [start, end), summed from template_analytics as the page does. */
  private Map<String, Map<String, Long>> templateTotals(long start, long end) {
    List<String> ids = new ArrayList<>();
    demo.get("/v1/templates?limit=1000").get("data").forEach(t -> ids.add(t.get("id").asText()));
    Map<String, Map<String, Long>> totals = new LinkedHashMap<>();
    for (String id : ids) {
      Map<String, Long> zero = new LinkedHashMap<>();
      DashboardPage.FUNNEL_METRICS.forEach(m -> zero.put(m, 0L));
      totals.put(id, zero);
    }
    for (int i = 0; i < ids.size(); i += 10) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + 10));
      String after = "";
      do {
        JsonNode body =
            demo.get(
                "/"
                    + demo.accountId()
                    + "/template_analytics?granularity=DAILY&start="
                    + start
                    + "&end="
                    + end
                    + "&metric_types="
                    + encode("[\"SENT\",\"DELIVERED\",\"READ\",\"CLICKED\"]")
                    + "&template_ids="
                    + encode(JarProcess.JSON.valueToTree(batch).toString())
                    + after);
        for (JsonNode group : body.get("data")) {
          for (JsonNode point : group.get("data_points")) {
            add(totals.get(point.get("template_id").asText()), point);
          }
        }
        JsonNode next = body.path("paging").path("cursors").get("after");
        after = next == null ? null : "&after=" + encode(next.asText());
      } while (after != null);
    }
    return totals;
  }

  private static void add(Map<String, Long> totals, JsonNode point) {
    totals.merge("sent", point.path("sent").asLong(), Long::sum);
    totals.merge("delivered", point.path("delivered").asLong(), Long::sum);
    totals.merge("read", point.path("read").asLong(), Long::sum);
    for (JsonNode c : point.path("clicked")) {
      String metric = c.get("type").asText().equals("unique_url_button") ? "unique" : "clicked";
      totals.merge(metric, c.get("count").asLong(), Long::sum);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Registers a message with one link on one of the demo's phone numbers; its tracked URL. */
  private String registerMessage() {
    String phoneNumberId = demo.get("/v1/phone_numbers").get("data").get(0).get("id").asText();
    JsonNode created =
        JarProcess.json(
            demo.send(
                "POST",
                "/v1/messages",
                Map.of(
                    "phone_number_id",
                    phoneNumberId,
                    "recipient",
                    "16505550199",
                    "text",
                    "Live now: https://shop.example/live?from=browser-test")),
            201);
    return created.get("links").get(0).get("tracked_url").asText();
  }

  /** Follows nothing: GETs the tracked URL as a browser would and returns the click id. */
  private static String click(String trackedUrl) throws IOException, InterruptedException {
    HttpResponse<Void> r =
        JarProcess.http()
            .send(
                HttpRequest.newBuilder(URI.create(trackedUrl))
                    .header("User-Agent", BROWSER_AGENT)
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    Matcher m = CLICK_ID.matcher(r.headers().firstValue("Location").orElse(""));
    assertThat(m.find()).as("click_id in %s", r.headers().firstValue("Location")).isTrue();
    return m.group(1);
  }

  private List<String> severeConsoleEntries() {
    return page.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }
}
