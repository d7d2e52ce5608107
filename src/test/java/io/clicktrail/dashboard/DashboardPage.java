package io.clicktrail.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as the browser test drives it, through the data attributes the page sets for that
 * purpose: {@code data-panel} on each panel, {@code data-chart-ready} and {@code data-points} on
 * each chart container, {@code data-state} and {@code data-live} on the panels, {@code
 * data-metric}/{@code data-value} on the funnel's numbers, {@code data-template-id} on its rows and
 * {@code data-click-id} on live feed items.
 */
final class DashboardPage {
  static final List<String> PANELS =
      List.of(
          "funnel",
          "clicks-over-time",
          "top-links",
          "bot-share",
          "attribution",
          "webhooks",
          "live-feed");
  static final List<String> FUNNEL_METRICS =
      List.of("sent", "delivered", "read", "clicked", "unique");

  private final ChromeDriver driver;

  DashboardPage(ChromeDriver driver) {
    this.driver = driver;
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  String address() {
    return driver.getCurrentUrl();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " within " + timeout + "; panels: " + panelStates(), e);
    }
  }

  /** Waits until every panel's chart has been drawn with at least one data point. */
  void awaitEveryChartDrawn(Duration timeout) {
    await(
        timeout,
        "every panel's chart drawn with data",
        d -> PANELS.stream().allMatch(p -> chartPoints(p) > 0));
  }

  /** The chart's {@code data-points} once it is {@code data-chart-ready}, else -1. */
  int chartPoints(String panel) {
    Object points =
        script(
            "const c = document.querySelector(`[data-panel='${arguments[0]}'] [data-chart]`);"
                + " return c && c.dataset.chartReady === 'true' ? Number(c.dataset.points) : -1;",
            panel);
    return ((Number) points).intValue();
  }

  /** Each panel's state and notice, to explain a failed wait. */
  Map<String, String> panelStates() {
    Map<String, String> states = new LinkedHashMap<>();
    for (String p : PANELS) {
      Object s =
          script(
              "const p = document.querySelector(`[data-panel='${arguments[0]}']`);"
                  + " if (!p) return 'missing';"
                  + " const c = p.querySelector('[data-chart]');"
                  + " const n = p.querySelector(\"[data-role='notice']\");"
                  + " return (p.dataset.state || '-') + ' ready=' + (c && c.dataset.chartReady)"
                  + " + ' points=' + (c && c.dataset.points) + ' live=' + (p.dataset.live || '-')"
                  + " + (n && !n.hidden ? ' notice=' + n.textContent : '');",
              p);
      states.put(p, String.valueOf(s));
    }
    return states;
  }

  /** Waits until every chart has finished drawing at its container's current width. */
  void awaitChartsSettled() {
    await(
        Duration.ofSeconds(10),
        "charts redrawn at the new width",
        d ->
            (Boolean)
                script(
                    "return [...document.querySelectorAll('[data-chart-ready=\"true\"]')]"
                        + ".filter(c => c.offsetParent !== null)"
                        + ".every(c => c.dataset.drawnWidth === String(c.clientWidth));"));
  }

  String funnelAttribute(String name) {
    return panel("funnel").getDomAttribute("data-" + name);
  }

  /** The funnel's KPI totals: metric → {@code data-value}. */
  Map<String, Long> funnelTotals() {
    Map<String, Long> totals = new LinkedHashMap<>();
    WebElement kpis = panel("funnel").findElement(By.cssSelector("[data-role='kpis']"));
    for (String m : FUNNEL_METRICS) {
      totals.put(m, value(kpis.findElement(By.cssSelector("[data-metric='" + m + "']"))));
    }
    return totals;
  }

  /** The funnel's per-template numbers: template id → metric → {@code data-value}. */
  Map<String, Map<String, Long>> funnelRows() {
    Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    for (WebElement row : panel("funnel").findElements(By.cssSelector("[data-template-id]"))) {
      Map<String, Long> values = new LinkedHashMap<>();
      for (String m : FUNNEL_METRICS) {
        values.put(m, value(row.findElement(By.cssSelector("[data-metric='" + m + "']"))));
      }
      rows.put(row.getDomAttribute("data-template-id"), values);
    }
    return rows;
  }

  private static long value(WebElement e) {
    return Long.parseLong(e.getDomAttribute("data-value"));
  }

  WebElement panel(String name) {
    return driver.findElement(By.cssSelector("[data-panel='" + name + "']"));
  }

  boolean anyPanelDisplayed() {
    return driver.findElements(By.cssSelector("[data-panel]")).stream()
        .anyMatch(WebElement::isDisplayed);
  }

  WebElement signInForm() {
    return driver.findElement(By.id("signin-form"));
  }

  WebElement signInError() {
    return driver.findElement(By.id("signin-error"));
  }

  /** Picks "last {@code days} days" in the range selector. */
  void chooseRange(String days) {
    new Select(driver.findElement(By.id("range"))).selectByValue(days);
  }

  void signOut() {
    driver.findElement(By.id("sign-out")).click();
  }

  void signIn(String token) {
    WebElement input = driver.findElement(By.id("token-input"));
    input.clear();
    input.sendKeys(token);
    signInForm().submit();
  }

  /**
   * Emulates a viewport of {@code width × height} CSS pixels through the DevTools protocol (a
   * window cannot be narrower than 500 pixels); {@code mobile} as a phone's browser.
   */
  void emulateViewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  long scrollWidth() {
    return ((Number) script("return document.documentElement.scrollWidth;")).longValue();
  }

  long innerWidth() {
    return ((Number) script("return window.innerWidth;")).longValue();
  }

  long scrollHeight() {
    return ((Number) script("return document.documentElement.scrollHeight;")).longValue();
  }

  /**
   * Saves a screenshot of the whole page at the current width: the viewport is made as tall as the
   * document first.
   */
  void saveFullPage(Path file, boolean mobile) throws IOException {
    emulateViewport((int) innerWidth(), (int) scrollHeight(), mobile);
    awaitChartsSettled();
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }
}
