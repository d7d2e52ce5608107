package io.clicktrail.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and ChromeDriver (Debian's {@code chromium} and {@code chromium-driver}),
 * headless. Both binaries are given by path, so Selenium never downloads a browser or a driver.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /**
   * Skips the calling test when a binary is missing, or fails it when the environment variable
   * {@code CI} is {@code true} (CI installs both, so a missing one there is a broken build).
   */
  static void requireInstalled() {
    for (Path binary : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(binary)) {
        String message =
            binary + " is missing: apt-get install chromium chromium-driver to run browser tests";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(message);
        }
        Assumptions.abort(message);
      }
    }
  }

  /**
   * A headless browser, 1440 × 1000, with a fresh profile in {@code profile} and the page's console
   * kept for {@code driver.manage().logs().get("browser")}.
   */
  static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1440,1000");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
