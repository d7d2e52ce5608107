package io.clicktrail.dashboard;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /assets/<hash>/<name>} (and {@code HEAD}): a dashboard asset at its content-hashed
 * URL, cached for a year as immutable, with a strong {@code ETag} ({@code If-None-Match} answers
 * 304) and the precompressed gzip body when {@code Accept-Encoding} allows it. An unknown name or a
 * hash that is not the asset's current one is a 404 in the Graph error shape. No authentication:
 * the assets hold no data.
 */
final class AssetHandler implements Request.Handler {
  static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

  private final DashboardAssets assets;

  AssetHandler(DashboardAssets assets) {
    this.assets = assets;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return RawError.send(
          request, response, callback, RawError.unsupportedMethod(request, "GET, HEAD"));
    }
    String path = Request.getPathInContext(request);
    Optional<DashboardAssets.Asset> found = find(path);
    if (found.isEmpty()) {
      return RawError.send(
          request, response, callback, ApiException.notFound("unknown asset " + Params.clip(path)));
    }
    DashboardAssets.Asset asset = found.get();
    var h = request.getHeaders();
    boolean gzip = asset.gzip() != null && acceptsGzip(h.get(HttpHeader.ACCEPT_ENCODING));
    String etag = gzip ? asset.gzipEtag() : asset.etag();
    var out = response.getHeaders();
    out.put(HttpHeader.CACHE_CONTROL, CACHE_FOREVER);
    out.put(HttpHeader.ETAG, etag);
    out.put(HttpHeader.VARY, "Accept-Encoding");
    out.put("X-Content-Type-Options", "nosniff");
    if (matches(h.get(HttpHeader.IF_NONE_MATCH), etag)) {
      response.setStatus(304);
      callback.succeeded();
      return true;
    }
    byte[] body = gzip ? asset.gzip() : asset.body();
    response.setStatus(200);
    out.put(HttpHeader.CONTENT_TYPE, asset.contentType());
    if (gzip) {
      out.put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    out.put(HttpHeader.CONTENT_LENGTH, body.length);
    if (method.equals("HEAD")) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
    return true;
  }

  private Optional<DashboardAssets.Asset> find(String path) {
    String rest = path.substring(DashboardAssets.PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    return assets.asset(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * Whether {@code acceptEncoding} accepts gzip: it names {@code gzip} (or {@code *}) without
   * {@code q=0}, and does not refuse gzip by name.
   */
  static boolean acceptsGzip(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    boolean named = false;
    boolean gzip = false;
    boolean star = false;
    for (String part : acceptEncoding.split(",")) {
      String[] params = part.split(";");
      String coding = params[0].trim().toLowerCase(Locale.ROOT);
      boolean accepted = true;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=")) {
          accepted = !isZero(p.substring(2).trim());
        }
      }
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        named = true;
        gzip |= accepted;
      } else if (coding.equals("*")) {
        star = accepted;
      }
    }
    return named ? gzip : star;
  }

  private static boolean isZero(String q) {
    try {
      return Double.parseDouble(q) <= 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Whether {@code ifNoneMatch} lists {@code etag} (weak comparison, as RFC 9110 says) or is *. */
  static boolean matches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
