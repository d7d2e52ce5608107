package io.clicktrail.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's files, read from the class path once: the page ({@code dashboard/index.html}) and
 * its assets: the style sheet and scripts listed in {@link #FILES}, each at {@code
 * dashboard/<name>}, and ECharts' {@code echarts.min.js} from its webjar.
 *
 * <p>Each asset is served at {@code /assets/<hash>/<name>}, where {@code hash} is the first 12 hex
 * digits of the SHA-256 of its bytes, so its URL changes whenever it does and it can be cached for
 * good. Each is also gzip-compressed once, here. In the page, {@code {{asset:<name>}}} is replaced
 * by the asset's URL. A file missing from the class path is logged and left out (its placeholder
 * becomes an empty string), so a partial build still serves the rest. Immutable and thread-safe.
 */
public final class DashboardAssets {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardAssets.class);

  /** The path prefix of asset URLs. */
  public static final String PREFIX = "/assets/";

  static final String PAGE = "dashboard/index.html";

  /**
   * The dashboard's own assets, each read from {@code dashboard/<name>}; the only list of them. The
   * scripts are classic scripts (no modules) sharing {@code window.Clicktrail}, and the page loads
   * them with {@code defer} in this order: {@code core.js} and {@code charts.js} first, then the
   * panels, {@code app.js} last. A new file needs its name here and a {@code {{asset:<name>}}} in
   * the page, in the same place.
   */
  static final List<String> FILES =
      List.of(
          "app.css",
          "core.js",
          "charts.js",
          "funnel.js",
          "clicks.js",
          "attribution.js",
          "webhooks.js",
          "live.js",
          "app.js");

  /** The name of ECharts' bundle, the one asset read from a webjar. */
  static final String ECHARTS = "echarts.min.js";

  private static final String WEBJAR = "META-INF/resources/webjars/echarts/";
  private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
  private static final Pattern ECHARTS_ENTRY =
      Pattern.compile(Pattern.quote(WEBJAR) + "([^/]+)/dist/echarts\\.min\\.js");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{asset:([A-Za-z0-9._-]+)\\}\\}");

  /**
   * One asset.
   *
   * @param hash first 12 hex digits of the SHA-256 of {@code body}
   * @param gzip the gzip-compressed body, null when compression does not make it smaller
   */
  public record Asset(
      String name, String contentType, String hash, byte[] body, byte @Nullable [] gzip) {
    /** The URL path the asset is served at. */
    public String url() {
      return PREFIX + hash + "/" + name;
    }

    /** The strong entity tag of the body as stored. */
    public String etag() {
      return "\"" + hash + "\"";
    }

    /** The strong entity tag of the gzip-compressed body. */
    public String gzipEtag() {
      return "\"" + hash + "-gzip\"";
    }
  }

  private final byte @Nullable [] page;
  private final Map<String, Asset> assets;

  private DashboardAssets(byte @Nullable [] page, Map<String, Asset> assets) {
    this.page = page;
    this.assets = Map.copyOf(assets);
  }

  /** The dashboard of this build, read once per class loader lifetime (the files never change). */
  public static DashboardAssets fromClasspath() {
    return Classpath.LOADED;
  }

  private static final class Classpath {
    static final DashboardAssets LOADED = load(DashboardAssets.class.getClassLoader());
  }

  /** Reads the page and assets that {@code loader} finds. */
  static DashboardAssets load(ClassLoader loader) {
    Map<String, String> sources = new LinkedHashMap<>();
    FILES.forEach(name -> sources.put(name, "dashboard/" + name));
    echartsPath(loader).ifPresent(p -> sources.put(ECHARTS, p));
    Map<String, Asset> assets = new LinkedHashMap<>();
    sources.forEach(
        (name, path) -> read(loader, path).ifPresent(b -> assets.put(name, asset(name, b))));
    for (String name : names()) {
      if (!assets.containsKey(name)) {
        LOG.warn("dashboard asset {} is not on the class path; the dashboard will lack it", name);
      }
    }
    byte[] page =
        read(loader, PAGE)
            .map(b -> resolve(new String(b, StandardCharsets.UTF_8), assets))
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .orElse(null);
    if (page == null) {
      LOG.warn("{} is not on the class path; GET / answers 404", PAGE);
    }
    return new DashboardAssets(page, assets);
  }

  /** Every asset name the dashboard expects: {@link #FILES}, then {@link #ECHARTS}. */
  static List<String> names() {
    return Stream.concat(FILES.stream(), Stream.of(ECHARTS)).toList();
  }

  /** The page with its placeholders resolved, if this build has one. */
  public Optional<byte[]> page() {
    return Optional.ofNullable(page);
  }

  /** The asset {@code name} when {@code hash} is its current hash. */
  public Optional<Asset> asset(String hash, String name) {
    Asset a = assets.get(name);
    return a != null && a.hash().equals(hash) ? Optional.of(a) : Optional.empty();
  }

  /** The URL path of asset {@code name}, if this build has it. */
  public Optional<String> url(String name) {
    return Optional.ofNullable(assets.get(name)).map(Asset::url);
  }

  private static String resolve(String html, Map<String, Asset> assets) {
    Matcher m = PLACEHOLDER.matcher(html);
    StringBuilder out = new StringBuilder(html.length());
    while (m.find()) {
      Asset a = assets.get(m.group(1));
      if (a == null) {
        LOG.warn("dashboard page names unknown asset {}", m.group(1));
      }
      m.appendReplacement(out, a == null ? "" : Matcher.quoteReplacement(a.url()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Asset asset(String name, byte[] body) {
    String hash = HexFormat.of().formatHex(sha256(body)).substring(0, 12);
    byte[] gzip = gzip(body);
    return new Asset(name, contentType(name), hash, body, gzip.length < body.length ? gzip : null);
  }

  static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "application/octet-stream";
  }

  /**
   * Where the ECharts bundle is: from the webjar's Maven metadata on a development class path, else
   * by listing the webjar (the shaded jar keeps only the bundle and its licence).
   */
  static Optional<String> echartsPath(ClassLoader loader) {
    Optional<String> version =
        read(loader, ECHARTS_POM)
            .flatMap(
                b -> {
                  Properties p = new Properties();
                  try {
                    p.load(new java.io.ByteArrayInputStream(b));
                  } catch (IOException e) {
                    return Optional.empty();
                  }
                  return Optional.ofNullable(p.getProperty("version"));
                });
    if (version.isPresent()) {
      String path = WEBJAR + version.get() + "/dist/echarts.min.js";
      if (loader.getResource(path) != null) {
        return Optional.of(path);
      }
    }
    try {
      return listed(loader);
    } catch (IOException | URISyntaxException | UncheckedIOException e) {
      LOG.warn("cannot list the ECharts webjar: {}", e.toString());
      return Optional.empty();
    }
  }

  private static Optional<String> listed(ClassLoader loader)
      throws IOException, URISyntaxException {
    URL dir = loader.getResource(WEBJAR);
    if (dir == null) {
      return Optional.empty();
    }
    List<String> names;
    if (dir.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) dir.openConnection();
      // a jar of its own, so closing it leaves the class loader's copy open
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        names = jar.stream().map(e -> e.getName()).toList();
      }
    } else if (dir.getProtocol().equals("file")) {
      try (Stream<Path> versions = Files.list(Path.of(dir.toURI()))) {
        names = versions.map(v -> WEBJAR + v.getFileName() + "/dist/echarts.min.js").toList();
      }
    } else {
      return Optional.empty();
    }
    return names.stream()
        .filter(n -> ECHARTS_ENTRY.matcher(n).matches() && loader.getResource(n) != null)
        .sorted()
        .findFirst();
  }

  private static Optional<byte[]> read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      LOG.warn("cannot read {} from the class path: {}", path, e.toString());
      return Optional.empty();
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gz = new BestGzip(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A gzip stream at the best compression: it runs once per asset, at start. */
  private static final class BestGzip extends GZIPOutputStream {
    BestGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }
}
