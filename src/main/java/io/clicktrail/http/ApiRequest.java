package io.clicktrail.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One API request as routes see it: method, path parameters, query, headers, a size-limited body
 * and the caller's principal.
 */
public final class ApiRequest {
  private final Request request;
  private final Map<String, String> pathParams;
  private final Fields query;
  private final long bodyLimit;
  private final TokenResolver tokens;
  private final String clientIp;
  private byte @Nullable [] body;

  ApiRequest(
      Request request,
      Map<String, String> pathParams,
      Fields query,
      long bodyLimit,
      TokenResolver tokens,
      String clientIp) {
    this.request = request;
    this.pathParams = pathParams;
    this.query = query;
    this.bodyLimit = bodyLimit;
    this.tokens = tokens;
    this.clientIp = clientIp;
  }

  public String method() {
    return request.getMethod();
  }

  /** The decoded path parameter {@code name} of the route pattern. */
  public String path(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no path parameter " + name);
    }
    return value;
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(query.getValue(name));
  }

  /** Names of all query parameters present. */
  public java.util.Set<String> queryNames() {
    return query.getNames();
  }

  /**
   * Parameters as Graph clients send them: the query string, plus the fields of an {@code
   * application/x-www-form-urlencoded} body (the query wins when both name a field).
   *
   * @throws ApiException 400 for a form body that does not decode, 413 for one over the limit
   */
  public Fields params() {
    String type = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE);
    if (type == null
        || !type.toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded")) {
      return query;
    }
    Fields all = new Fields();
    try {
      org.eclipse.jetty.util.UrlEncoded.decodeUtf8To(
          new String(body(), java.nio.charset.StandardCharsets.UTF_8), all);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw ApiException.invalid("form body does not decode");
    }
    for (Fields.Field f : query) {
      all.put(f);
    }
    return all;
  }

  public @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The client address (from the socket, or the trusted proxy's forwarded header). */
  public String clientIp() {
    return clientIp;
  }

  /**
   * The request body, read once, at most the route's limit.
   *
   * @throws ApiException 413 when the body is larger than the limit
   */
  public byte[] body() {
    byte[] b = body;
    if (b == null) {
      b = readBody();
      body = b;
    }
    return b;
  }

  /** The body bound strictly to {@code type}; see {@link Json#read}. */
  public <T> T body(Class<T> type) {
    return Json.read(body(), type);
  }

  private byte[] readBody() {
    long declared = request.getLength();
    if (declared > bodyLimit) {
      throw ApiException.tooLarge(bodyLimit);
    }
    try {
      InputStream in = Request.asInputStream(request);
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, bodyLimit + 1));
      if (bytes.length > bodyLimit) {
        // left open: closing it before the end would fail the content, and the dispatcher reads
        // the rest so that the client gets this answer
        throw ApiException.tooLarge(bodyLimit);
      }
      in.close();
      return bytes;
    } catch (IOException e) {
      throw ApiException.invalid("request body could not be read");
    }
  }

  /** The principal of the presented token. @throws ApiException 401 code 190 when there is none */
  public Principal principal() {
    return principal(request, query, tokens);
  }

  /** The account the token acts for. @throws ApiException 401, or 403 for the admin token */
  public String account() {
    return account(request, query, tokens);
  }

  /**
   * The account that the account token presented on {@code request} acts for, read as every API
   * reads it (a bearer {@code Authorization} header, else the {@code access_token} query
   * parameter): for handlers outside the router.
   *
   * @throws ApiException 401 code 190 without a valid token, 403 for the admin token
   */
  public static String account(Request request, Fields query, TokenResolver tokens) {
    Principal p = principal(request, query, tokens);
    String id = p.accountId();
    if (p.kind() != Principal.Kind.ACCOUNT || id == null) {
      throw ApiException.forbidden("this call needs an account token, not the admin token");
    }
    return id;
  }

  private static Principal principal(Request request, Fields query, TokenResolver tokens) {
    String token = presentedToken(request, query);
    if (token == null || token.isEmpty()) {
      throw ApiException.unauthenticated("an access token is required");
    }
    return tokens
        .resolve(token)
        .orElseThrow(() -> ApiException.unauthenticated("invalid or revoked access token"));
  }

  /** Requires the admin token. @throws ApiException 401, or 403 for an account token */
  public void requireAdmin() {
    if (principal().kind() != Principal.Kind.ADMIN) {
      throw ApiException.forbidden("this call needs the admin token");
    }
  }

  private static @Nullable String presentedToken(Request request, Fields query) {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth != null) {
      if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return auth.substring(7).trim();
      }
      return null;
    }
    return query.getValue("access_token");
  }
}
