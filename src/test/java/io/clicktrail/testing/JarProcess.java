package io.clicktrail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real jar ({@code clicktrail serve}) as a child process with its data dir under a test's
 * directory, and a plain HTTP client for it. Only the given flags configure the child.
 */
public final class JarProcess implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("clicktrail listening on (http://localhost:\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Process process;
  private final String baseUrl;

  private JarProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts the jar named by the system property {@code clicktrail.jar} on a free port with its data
   * in {@code dir/data}; {@code name} names the output files in {@code dir}. Waits until it
   * listens.
   */
  public static JarProcess start(Path dir, String name, String adminToken, String... flags)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String jar = System.getProperty("clicktrail.jar");
    assertThat(jar).as("system property clicktrail.jar").isNotNull();
    Path out = dir.resolve(name + ".out");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-jar",
                jar,
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--admin-token",
                adminToken));
    command.addAll(List.of(flags));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CLICKTRAIL_"));
    Process p = builder.start();
    String[] base = new String[1];
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                assertThat(p.isAlive()).as("%s is running (see %s.err)", name, name).isTrue();
                Matcher m = LISTENING.matcher(Files.readString(out));
                return m.find() && (base[0] = m.group(1)) != null;
              });
    } catch (RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return new JarProcess(p, base[0]);
  }

  public Process process() {
    return process;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The shared HTTP/1.1 client, redirects never followed. */
  public static HttpClient http() {
    return HTTP;
  }

  /** {@code method baseUrl+path} with a JSON body (or none) and a bearer token (or none). */
  public HttpResponse<String> send(String method, String path, String token, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body of {@code r} as JSON, asserting its status. */
  public static JsonNode json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as("%s %s", r.request().uri(), r.body()).isEqualTo(status);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9}, waiting for the exit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
