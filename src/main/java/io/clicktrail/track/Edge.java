package io.clicktrail.track;

import io.clicktrail.config.IpRange;
import io.clicktrail.http.ClientAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/** What the redirect and the open pixel share: client facts, ids, the not-found page. */
final class Edge {
  private static final byte[] NOT_FOUND_PAGE =
      ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link not found</title>"
              + "</head><body><h1>Link not found</h1><p>This link is not valid. Check that it was"
              + " copied completely.</p></body></html>")
          .getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

  private final ClientAddress clientAddress;
  private final ClickClassifier classifier;
  private final boolean anonymizeIps;

  Edge(ClientAddress clientAddress, ClickClassifier classifier, boolean anonymizeIps) {
    this.clientAddress = clientAddress;
    this.classifier = classifier;
    this.anonymizeIps = anonymizeIps;
  }

  /** The token: the single path segment after {@code prefix}, or null. */
  static @Nullable String token(Request request, String prefix) {
    String path = Request.getPathInContext(request);
    String token = path.substring(prefix.length());
    return token.isEmpty() || token.length() > TrackingTokens.LENGTH ? null : token;
  }

  Classification classify(Request request) {
    var h = request.getHeaders();
    return classifier.classify(
        request.getMethod(), h.get(HttpHeader.USER_AGENT), h.get("Purpose"), h.get("Sec-Purpose"));
  }

  /** The client address as stored: anonymized when the setting says so. */
  String ip(Request request) {
    String ip = clientAddress.of(request);
    return anonymizeIps ? anonymize(ip) : ip;
  }

  /** IPv4 with the last octet zeroed; IPv6 with the last 80 bits zeroed; "" if not a literal. */
  static String anonymize(String ip) {
    try {
      byte[] a = IpRange.parseAddress(ip).getAddress();
      int keep = a.length == 4 ? 3 : 6;
      for (int i = keep; i < a.length; i++) {
        a[i] = 0;
      }
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (IllegalArgumentException | UnknownHostException e) {
      return "";
    }
  }

  /** A new unique id: 6 bytes of milliseconds and 9 random bytes, 20 URL-safe characters. */
  static String newId(long nowMillis) {
    byte[] b = new byte[15];
    for (int i = 5; i >= 0; i--) {
      b[i] = (byte) (nowMillis & 0xff);
      nowMillis >>>= 8;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long x = r.nextLong();
    for (int i = 6; i < 14; i++) {
      b[i] = (byte) x;
      x >>>= 8;
    }
    b[14] = (byte) r.nextInt();
    return IDS.encodeToString(b);
  }

  static boolean notFound(Response response, Callback callback) {
    response.setStatus(404);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(NOT_FOUND_PAGE), callback);
    return true;
  }

  static boolean unavailable(Response response, Callback callback) {
    response.setStatus(503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    response.write(
        true,
        ByteBuffer.wrap("temporarily unavailable\n".getBytes(StandardCharsets.UTF_8)),
        callback);
    return true;
  }

  static boolean methodNotAllowed(Response response, Callback callback) {
    response.setStatus(405);
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    callback.succeeded();
    return true;
  }

  static boolean isGetOrHead(Request request) {
    String m = request.getMethod();
    return m.equals("GET") || m.equals("HEAD");
  }
}
