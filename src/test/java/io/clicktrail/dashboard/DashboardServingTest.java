package io.clicktrail.dashboard;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /}, the dashboard's assets under {@code /assets/}, and {@code GET /v1/me}. */
class DashboardServingTest {
  private static final Pattern ASSET = Pattern.compile("/assets/([0-9a-f]{12})/([A-Za-z0-9._-]+)");
  private static final Pattern SCRIPT = Pattern.compile("<script[^>]*>");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> fetch(String method, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  /** The asset URLs the page references, by name, in the page's order. */
  private Map<String, String> assetUrls() {
    String page = new String(fetch("GET", "/").body(), StandardCharsets.UTF_8);
    Map<String, String> urls = new LinkedHashMap<>();
    Matcher m = ASSET.matcher(page);
    while (m.find()) {
      urls.put(m.group(2), m.group());
    }
    return urls;
  }

  @Test
  void page_isServedWithItsSecurityHeaders_andEveryPlaceholderResolved() {
    HttpResponse<byte[]> r = fetch("GET", "/");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "Content-Security-Policy"))
        .isEqualTo(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src"
                + " 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'self'");
    String page = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(page).doesNotContain("{{").doesNotContain("src=\"\"", "href=\"\"").contains("<html");
    assertThat(assetUrls().keySet()).containsExactlyInAnyOrderElementsOf(DashboardAssets.names());
  }

  @Test
  void page_loadsEachScriptFromItsAssetUrl_deferred_inTheListedOrder() {
    String page = new String(fetch("GET", "/").body(), StandardCharsets.UTF_8);
    Map<String, String> urls = assetUrls();
    List<String> scripts = new ArrayList<>();
    Matcher m = SCRIPT.matcher(page);
    while (m.find()) {
      scripts.add(m.group());
    }

    List<String> expected = new ArrayList<>();
    expected.add(DashboardAssets.ECHARTS);
    DashboardAssets.FILES.stream().filter(n -> n.endsWith(".js")).forEach(expected::add);
    assertThat(scripts)
        .containsExactlyElementsOf(
            expected.stream().map(n -> "<script src=\"" + urls.get(n) + "\" defer>").toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/?access_token=abc", "/?x=1&y", "/?access_token=a%2Fb&access_token="})
  void page_isServedWhateverTheQuery(String path) {
    HttpResponse<byte[]> r = fetch("GET", path);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.body()).isEqualTo(fetch("GET", "/").body());
  }

  @Test
  void headOfThePage_hasTheHeadersAndNoBody() {
    HttpResponse<byte[]> r = fetch("HEAD", "/");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void everyAsset_isServedAtItsHash_cachedForGood() throws Exception {
    for (Map.Entry<String, String> e : assetUrls().entrySet()) {
      HttpResponse<byte[]> r = fetch("GET", e.getValue());

      assertThat(r.statusCode()).as(e.getValue()).isEqualTo(200);
      assertThat(header(r, "Content-Type"))
          .isEqualTo(
              e.getKey().endsWith(".css")
                  ? "text/css; charset=utf-8"
                  : "text/javascript; charset=utf-8");
      assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(header(r, "Vary")).isEqualTo("Accept-Encoding");
      assertThat(header(r, "Content-Encoding")).isNull();
      String hash = e.getValue().split("/")[2];
      assertThat(header(r, "ETag")).isEqualTo("\"" + hash + "\"");
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())))
          .startsWith(hash);
      assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
    }
  }

  @Test
  void echarts_isTheWebjarsBundle() throws Exception {
    HttpResponse<byte[]> r = fetch("GET", assetUrls().get("echarts.min.js"));

    assertThat(r.statusCode()).isEqualTo(200);
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream(DashboardAssets.echartsPath(getClass().getClassLoader()).get())) {
      assertThat(r.body()).isEqualTo(in.readAllBytes());
    }
    assertThat(DashboardAssets.echartsPath(getClass().getClassLoader()))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .matches("META-INF/resources/webjars/echarts/[^/]+/dist/echarts.min.js"));
  }

  @Test
  void revalidation_withTheETag_gets304WithoutBody() {
    for (String url : assetUrls().values()) {
      String etag = header(fetch("GET", url), "ETag");

      HttpResponse<byte[]> r = fetch("GET", url, "If-None-Match", "\"other\", " + etag);

      assertThat(r.statusCode()).as(url).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(header(r, "ETag")).isEqualTo(etag);
      assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(fetch("GET", url, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void gzip_whenAccepted_decodesToTheSameBytes() throws Exception {
    for (String url : assetUrls().values()) {
      byte[] plain = fetch("GET", url).body();

      HttpResponse<byte[]> r = fetch("GET", url, "Accept-Encoding", "br;q=1.0, gzip;q=0.8");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "Content-Encoding")).as(url).isEqualTo("gzip");
      assertThat(header(r, "Vary")).isEqualTo("Accept-Encoding");
      assertThat(header(r, "ETag")).isNotEqualTo(header(fetch("GET", url), "ETag"));
      assertThat(r.body().length).isLessThan(plain.length);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        assertThat(in.readAllBytes()).isEqualTo(plain);
      }
      String gzipTag = header(r, "ETag");
      assertThat(
              fetch("GET", url, "Accept-Encoding", "gzip", "If-None-Match", gzipTag).statusCode())
          .isEqualTo(304);
      assertThat(header(fetch("GET", url, "Accept-Encoding", "gzip;q=0"), "Content-Encoding"))
          .isNull();
      assertThat(header(fetch("GET", url, "Accept-Encoding", "identity"), "Content-Encoding"))
          .isNull();
    }
  }

  @Test
  void headOfAnAsset_hasTheHeadersAndNoBody() {
    String url = assetUrls().get("app.js");
    int length = fetch("GET", url).body().length;

    HttpResponse<byte[]> r = fetch("HEAD", url);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(length));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void wrongHashOrUnknownAsset_is404InTheGraphShape() {
    String url = assetUrls().get("app.js");
    String wrong = url.replace(url.split("/")[2], "000000000000");

    assertGraphError(server.get(wrong, null), 404, 803, "asset");
    assertGraphError(
        server.get("/assets/" + url.split("/")[2] + "/nope.js", null), 404, 803, "asset");
    assertGraphError(server.get("/assets/", null), 404, 803, "asset");
    assertGraphError(server.get("/assets/x", null), 404, 803, "asset");
    assertGraphError(server.get(url + "/more", null), 404, 803, "asset");
    TestServer.Response post = server.post(url, null, "{}");
    assertGraphError(post, 400, 100, "POST");
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void me_answersTheTokensAccount() {
    TestServer.Response r = server.get("/v1/me", acme.token());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"id\":\"102290129340398\",\"name\":\"Acme\"}");
    assertThat(server.get("/v1/me?access_token=" + acme.token(), null).status()).isEqualTo(200);
  }

  @Test
  void me_refusesTheAdminTokenAndMissingTokens() {
    assertGraphError(server.get("/v1/me", server.adminToken()), 403, 200, "account token");
    assertGraphError(server.get("/v1/me", null), 401, 190, "access token");
  }
}
