package io.clicktrail.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clicktrail.Clicktrail;
import io.clicktrail.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Clicktrail on a free loopback port with its SQLite store in a test's temporary directory,
 * and a client for it. Close it at the end of the test.
 */
public final class TestServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Clicktrail app;
  private final String adminToken;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestServer(Clicktrail app, String adminToken) {
    this.app = app;
    this.adminToken = adminToken;
  }

  /** Starts a server with default settings in {@code dataDir}. */
  public static TestServer start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /** Starts a server with {@code flags} (setting key → value) over the defaults. */
  public static TestServer start(Path dataDir, Map<String, String> flags) {
    return start(dataDir, flags, InstantSource.system());
  }

  /** Starts a server with {@code flags} and the given clock. */
  public static TestServer start(Path dataDir, Map<String, String> flags, InstantSource clock) {
    Map<String, String> all = new HashMap<>();
    all.put("port", "0");
    all.put("data-dir", dataDir.toString());
    all.put("admin-token", "test-admin-token");
    all.putAll(flags);
    Settings settings = Settings.load(all, Map.of(), dataDir);
    return new TestServer(Clicktrail.start(settings, clock), all.get("admin-token"));
  }

  public String baseUrl() {
    return app.baseUrl();
  }

  public String adminToken() {
    return adminToken;
  }

  public Clicktrail app() {
    return app;
  }

  /** A response: status, headers and body (parsed as JSON when it is JSON). */
  public record Response(int status, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** Sends {@code method path} with an optional bearer token and raw body. */
  public Response send(String method, String path, String token, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return send(b.build());
  }

  /** Sends a prepared request to this server (its URI must point here). */
  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, bytes(body));
  }

  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, bytes(body));
  }

  public Response delete(String path, String token) {
    return send("DELETE", path, token, null);
  }

  /** A GET of a tracked link with a user agent, not following the redirect. */
  public Response click(String trackedUrl, String userAgent) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(trackedUrl)).GET();
    if (userAgent != null) {
      b.header("User-Agent", userAgent);
    }
    return send(b.build());
  }

  /** An account with its token. */
  public record Account(String id, String token, JsonNode created) {}

  /** Creates an account through the admin API. */
  public Account createAccount(String id, String name) {
    Map<String, Object> body = new HashMap<>();
    if (id != null) {
      body.put("id", id);
    }
    body.put("name", name);
    Response r = post("/v1/accounts", adminToken, body);
    if (r.status() != 201) {
      throw new IllegalStateException("account creation answered " + r.status() + ": " + r.body());
    }
    JsonNode n = r.json();
    return new Account(n.get("id").asText(), n.get("access_token").asText(), n);
  }

  /** Registers a phone number for {@code account}. */
  public void phoneNumber(Account account, String id, String display) {
    Response r =
        put("/v1/phone_numbers/" + id, account.token(), Map.of("display_phone_number", display));
    if (r.status() != 200) {
      throw new IllegalStateException("phone number answered " + r.status() + ": " + r.body());
    }
  }

  private static byte[] bytes(Object body) {
    if (body == null) {
      return null;
    }
    if (body instanceof byte[] b) {
      return b;
    }
    if (body instanceof String s) {
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A desktop Chrome user agent: classified human. */
  public static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";

  @Override
  public void close() {
    app.close();
  }
}
