package io.clicktrail.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.JarProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real jar's {@code clicktrail demo} (see {@link JarProcess#startDemo}), seeded, with what it
 * printed to reach the seeded account, and calls made with that account's token.
 */
final class DemoJar {
  private static final Pattern DASHBOARD = Pattern.compile("(?m)^dashboard: (http\\S+)$");
  private static final Pattern TOKEN = Pattern.compile("(?m)^account token: (\\S+)$");
  private static final Pattern ACCOUNT = Pattern.compile("(?m)^demo account: (\\S+)$");
  private static final Pattern LAG =
      Pattern.compile("(?m)^clicktrail_event_log_lag\\S* ([0-9.eE+-]+)$");

  private final JarProcess jar;
  private final String dashboardUrl;
  private final String token;
  private final String accountId;

  private DemoJar(JarProcess jar) {
    this.jar = jar;
    String printed = jar.output();
    this.dashboardUrl = group(DASHBOARD, printed);
    this.token = group(TOKEN, printed);
    this.accountId = group(ACCOUNT, printed);
  }

  /** Starts the demo with its files in {@code dir} and waits (up to 3 minutes) until it seeded. */
  static DemoJar start(Path dir) throws IOException {
    JarProcess jar = JarProcess.startDemo(dir, "demo", Duration.ofMinutes(3));
    try {
      return new DemoJar(jar);
    } catch (RuntimeException | AssertionError e) {
      try {
        jar.kill();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private static String group(Pattern pattern, String printed) {
    Matcher m = pattern.matcher(printed);
    assertThat(m.find()).as("%s in the demo's output:%n%s", pattern, printed).isTrue();
    return m.group(1);
  }

  /** The URL the demo printed, token included. */
  String dashboardUrl() {
    return dashboardUrl;
  }

  /** The demo account's token. */
  String token() {
    return token;
  }

  /** The demo account's id (its WABA id). */
  String accountId() {
    return accountId;
  }

  /** {@code GET path} with the account's token; the body as JSON, asserting 200. */
  JsonNode get(String path) {
    return JarProcess.json(send("GET", path, null), 200);
  }

  /** {@code method path} with the account's token and a JSON body (or none). */
  HttpResponse<String> send(String method, String path, Object body) {
    return jar.send(method, path, token, body);
  }

  /** Waits until every consumer of the event log has caught up, so read models are settled. */
  void awaitProjected() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Matcher m = LAG.matcher(jar.send("GET", "/metrics", null, null).body());
              return m.find() && Double.parseDouble(m.group(1)) == 0.0;
            });
  }

  /** Sends SIGTERM and waits (up to 30 s) for the exit; returns the exit status. */
  int stop() throws InterruptedException {
    Process p = jar.process();
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("demo exits within 30 s of SIGTERM").isTrue();
    return p.exitValue();
  }

  /** Kills it, if it still runs, waiting for the exit. */
  void kill() throws InterruptedException {
    jar.kill();
  }
}
