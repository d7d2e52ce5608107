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
 * The real jar ({@code clicktrail serve}, or {@code clicktrail demo}) as a child process with its
 * data dir under a test's directory, and a plain HTTP client for it. Only the given flags configure
 * the child.
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

  /** The last of the lines the demo prints when it has seeded, complete with its line end. */
  private static final Pattern DEMO_SEEDED = Pattern.compile("(?m)^demo account: \\d+\\R");

  private final Process process;
  private final String baseUrl;
  private final Path out;

  private JarProcess(Process process, String baseUrl, Path out) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.out = out;
  }

  /**
   * Starts the jar named by the system property {@code clicktrail.jar} on a free port with its data
   * in {@code dir/data}; {@code name} names the output files in {@code dir}. Waits until it
   * listens.
   */
  public static JarProcess start(Path dir, String name, String adminToken, String... flags)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--admin-token",
                adminToken));
    args.addAll(List.of(flags));
    return launch(dir, name, args, LISTENING, Duration.ofSeconds(60));
  }

  /**
   * Starts {@code clicktrail demo --port 0 --data-dir dir/demo} of the jar and waits, at most
   * {@code timeout}, until it has seeded and printed its {@code dashboard:}, {@code account token:}
   * and {@code demo account:} lines; {@code name} names the output files in {@code dir}.
   */
  public static JarProcess startDemo(Path dir, String name, Duration timeout) throws IOException {
    return launch(
        dir,
        name,
        List.of("demo", "--port", "0", "--data-dir", dir.resolve("demo").toString()),
        DEMO_SEEDED,
        timeout);
  }

  private static JarProcess launch(
      Path dir, String name, List<String> args, Pattern ready, Duration timeout)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String jar = System.getProperty("clicktrail.jar");
    assertThat(jar).as("system property clicktrail.jar").isNotNull();
    Path out = dir.resolve(name + ".out");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar));
    command.addAll(args);
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
          .atMost(timeout)
          .until(
              () -> {
                assertThat(p.isAlive()).as("%s is running (see %s.err)", name, name).isTrue();
                String printed = Files.readString(out);
                Matcher m = LISTENING.matcher(printed);
                return m.find() && (base[0] = m.group(1)) != null && ready.matcher(printed).find();
              });
    } catch (RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return new JarProcess(p, base[0], out);
  }

  /** What the child has printed on its standard output so far. */
  public String output() {
    try {
      return Files.readString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
