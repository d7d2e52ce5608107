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

  /** A request of {@code method} to an absolute {@code url} with extra headers, not followed. */
  public Response request(String method, String url, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return send(b.build());
  }

  /** Registers a message as {@code account}; returns the 201 body, else throws. */
  public JsonNode registerMessage(Account account, Map<String, ?> body) {
    Response r = post("/v1/messages", account.token(), body);
    if (r.status() != 201) {
      throw new IllegalStateException(
          "message registration answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }

  /**
   * Every click listed by {@code GET /v1/clicks} for the token's account (of one message when
   * {@code messageId} is not null), oldest first, walking every page.
   */
  public java.util.List<JsonNode> allClicks(String token, String messageId) {
    java.util.List<JsonNode> all = new java.util.ArrayList<>();
    String after = null;
    do {
      String path =
          "/v1/clicks?limit=1000"
              + (messageId == null ? "" : "&message_id=" + messageId)
              + (after == null ? "" : "&after=" + after);
      Response r = get(path, token);
      if (r.status() != 200) {
        throw new IllegalStateException(
            "GET " + path + " answered " + r.status() + ": " + r.body());
      }
      JsonNode page = r.json();
      page.get("data").forEach(all::add);
      JsonNode next = page.path("paging").path("cursors").get("after");
      after = next == null ? null : next.asText();
    } while (after != null);
    return all;
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

  /** {@code PUT /v1/templates/{id}} with a raw JSON body. */
  public Response putTemplate(Account account, String id, String body) {
    return put("/v1/templates/" + id, account.token(), body);
  }

  /** {@code GET /v1/templates/{id}}, which must answer 200. */
  public JsonNode template(Account account, String id) {
    Response r = get("/v1/templates/" + id, account.token());
    if (r.status() != 200) {
      throw new IllegalStateException(
          "template " + id + " answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }

  /**
   * Posts {@code body} to {@code account}'s WhatsApp callback URL, signed with its app secret by
   * this test code ({@code javax.crypto}, not the product's signer); returns the answer.
   */
  public Response postWhatsAppWebhook(Account account, byte[] body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              account
                  .created()
                  .get("app_secret")
                  .asText()
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8),
              "HmacSHA256"));
      String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      return send(
          "POST", "/webhooks/whatsapp/" + account.id(), body, "X-Hub-Signature-256", signature);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * Every page of the {@code /v1} list at {@code path} (which has a query string), following {@code
   * paging.cursors.after} until a page has none; fails on a non-200 page.
   */
  public java.util.List<JsonNode> pages(String path, String token) {
    java.util.List<JsonNode> pages = new java.util.ArrayList<>();
    String next = path;
    while (next != null) {
      Response r = get(next, token);
      if (r.status() != 200 || pages.size() > 10_000) {
        throw new IllegalStateException(next + " answered " + r.status() + ": " + r.body());
      }
      JsonNode page = r.json();
      pages.add(page);
      JsonNode after = page.path("paging").path("cursors").get("after");
      next = after == null ? null : path + "&after=" + after.asText();
    }
    return pages;
  }

  /** The store's SQLite file, {@code <data-dir>/clicktrail.db}. */
  public Path database() {
    return app.settings().dataDir().resolve("clicktrail.db");
  }

  /** The single number {@code sql} answers, read from the store file with plain JDBC. */
  public long queryLong(String sql) {
    // the event log has its own file beside the state store
    Path file =
        sql.contains("event_log") ? app.settings().dataDir().resolve("events.db") : database();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row for " + sql);
      }
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Every string value of every row of {@code table}, read with plain JDBC. */
  public java.util.List<String> cells(String table) {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database());
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          out.add(String.valueOf(rs.getString(i)));
        }
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(table, e);
    }
  }

  /** Tables a request could write to; {@link #rowCounts} fingerprints them. */
  public static final java.util.List<String> WRITABLE_TABLES =
      java.util.List.of(
          "accounts",
          "account_tokens",
          "phone_numbers",
          "templates",
          "messages",
          "links",
          "open_pixels",
          "event_log",
          "message_statuses",
          "message_delivery",
          "message_pricing",
          "wa_conversations",
          "inbound_messages",
          "wa_contacts",
          "ad_referrals",
          "quick_reply_clicks",
          "meta_user_actions",
          "webhook_subscriptions",
          "webhook_deliveries",
          "template_insights",
          "click_rollup_hourly",
          "click_rollup_links");

  /**
   * Row counts of {@link #WRITABLE_TABLES} once the outbox is relayed: equal before and after means
   * nothing was written.
   */
  public Map<String, Long> rowCounts() {
    // events written with a registration reach event_log through the outbox: count settled state
    org.awaitility.Awaitility.await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(10))
        .until(() -> queryLong("SELECT COUNT(*) FROM outbox") == 0);
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String t : WRITABLE_TABLES) {
      counts.put(t, queryLong("SELECT COUNT(*) FROM " + t));
    }
    return counts;
  }

  /** Sends {@code method path} with a raw body and extra headers given as name, value pairs. */
  public Response send(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /** A response read off a raw socket: status, lower-cased header names, body as UTF-8. */
  public record RawResponse(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * Sends a request over a plain socket, byte for byte as given ({@code head} is the request line
   * and headers without the final empty line; {@code Host}, {@code Connection: close} and {@code
   * Content-Length} are added), for requests {@link HttpClient} refuses to send.
   */
  public RawResponse raw(String head, byte[] body) {
    URI base = URI.create(baseUrl());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
      String extra =
          "\r\nHost: "
              + base.getHost()
              + "\r\nConnection: close"
              + (body == null ? "" : "\r\nContent-Length: " + body.length)
              + "\r\n\r\n";
      req.writeBytes((head + extra).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      if (body != null) {
        req.writeBytes(body);
      }
      try {
        socket.getOutputStream().write(req.toByteArray());
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // the server may answer and close before reading everything; read what it said
      }
      return parseRaw(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RawResponse parseRaw(byte[] bytes) {
    String all = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete response: " + all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new RawResponse(
        status, headers, new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int lineEnd = i;
      while (lineEnd + 1 < chunked.length
          && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String size =
          new String(chunked, i, lineEnd - i, java.nio.charset.StandardCharsets.ISO_8859_1);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, n);
      i = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }

  /**
   * Asserts that {@code r} is a Graph API error with {@code status} and {@code code} whose message
   * contains {@code mentions}, with nothing else wrong with it (see {@link #graphErrorProblems}).
   */
  public static void assertGraphError(Response r, int status, int code, String mentions) {
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(status);
    org.assertj.core.api.Assertions.assertThat(graphErrorProblems(r.status(), r.body())).isEmpty();
    JsonNode error = r.json().get("error");
    org.assertj.core.api.Assertions.assertThat(error.get("code").asInt()).isEqualTo(code);
    org.assertj.core.api.Assertions.assertThat(error.get("message").asText()).contains(mentions);
  }

  /** {@code Type.member} or {@code Type.method()}: how library messages name their internals. */
  private static final java.util.regex.Pattern JAVA_MEMBER =
      java.util.regex.Pattern.compile("\\b[A-Z][A-Za-z0-9]+\\.[A-Z_a-z][A-Za-z0-9_]*(\\(\\)|`)");

  /**
   * What is wrong with {@code body} as a Graph API error answered with {@code status}: empty when
   * it is {@code {"error":{"message","type","code","fbtrace_id"}}} with a non-empty message and
   * trace id, an integer code, and no Java class names or stack frames anywhere.
   */
  public static java.util.List<String> graphErrorProblems(int status, String body) {
    return graphErrorProblems(status, body, "");
  }

  /**
   * As {@link #graphErrorProblems(int, String)}, for an answer that may quote {@code sent}, the
   * client's own input: a {@code Type.member()} look-alike that the input itself contains (a Graph
   * field expression such as {@code DAY.start()}) is the client's text, not a leak.
   */
  public static java.util.List<String> graphErrorProblems(int status, String body, String sent) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    // the Graph error types are the only legitimate "Exception"s in a body
    String scanned = body.replace("GraphMethodException", "").replace("OAuthException", "");
    for (String leak :
        java.util.List.of("Exception", "at io.", "java.", "jakarta.", "org.eclipse")) {
      if (scanned.contains(leak)) {
        problems.add("body leaks '" + leak + "'");
      }
    }
    java.util.regex.Matcher member = JAVA_MEMBER.matcher(scanned);
    while (member.find()) {
      if (sent.isEmpty() || !sent.contains(member.group())) {
        problems.add("body names a Java member: " + member.group());
        break;
      }
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      problems.add("body is not JSON: " + body);
      return problems;
    }
    JsonNode e = n == null ? null : n.get("error");
    if (e == null || !e.isObject() || n.size() != 1) {
      problems.add("body is not {\"error\":{…}}: " + body);
      return problems;
    }
    if (!e.path("message").isTextual() || e.path("message").asText().isBlank()) {
      problems.add("error.message is missing or empty");
    }
    if (!e.path("type").isTextual()) {
      problems.add("error.type is missing");
    }
    if (!e.path("code").isIntegralNumber()) {
      problems.add("error.code is not an integer");
    }
    if (!e.path("fbtrace_id").isTextual() || e.path("fbtrace_id").asText().isEmpty()) {
      problems.add("error.fbtrace_id is missing");
    }
    int expectedCode =
        switch (status) {
          case 401 -> 190;
          case 403 -> 200;
          case 404 -> 803;
          case 429 -> 4;
          case 503 -> 2;
          default -> 100;
        };
    if (status >= 400 && status < 500 && e.path("code").asInt() != expectedCode) {
      problems.add(
          "status " + status + " carries code " + e.path("code") + ", not " + expectedCode);
    }
    return problems;
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
