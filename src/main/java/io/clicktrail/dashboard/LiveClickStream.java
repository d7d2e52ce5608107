package io.clicktrail.dashboard;

import static java.util.Objects.requireNonNull;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.TokenResolver;
import io.clicktrail.store.StoreUnavailableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /v1/live/clicks}: the account's clicks as server-sent events (see {@link LiveClicks}
 * for the events). Authenticated like every API, by {@code Authorization: Bearer} or {@code
 * access_token} (for {@code EventSource}, which cannot set headers), with an account token.
 *
 * <p>Answers 200 {@code text/event-stream} with {@code Cache-Control: no-store} and keeps the
 * response open, holding no thread, until the client goes away, the account opens more streams than
 * it may hold (the oldest is ended), or the server stops. Failures before the stream starts are
 * Graph errors: 400 (a method other than GET, a malformed query), 401 (no, unknown or revoked
 * token), 403 (the admin token), 404 (a path below this one), 503 (stopping, or store down).
 */
public final class LiveClickStream implements Request.Handler {
  /** The path this handler serves (registered as a raw handler prefix). */
  public static final String PATH = "/v1/live/clicks";

  private final LiveClicks hub;
  private final TokenResolver tokens;

  public LiveClickStream(LiveClicks hub, TokenResolver tokens) {
    this.hub = requireNonNull(hub, "hub");
    this.tokens = requireNonNull(tokens, "tokens");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    LiveStream stream;
    try {
      if (!Request.getPathInContext(request).equals(PATH)) {
        throw ApiException.notFound("unknown path " + Request.getPathInContext(request));
      }
      if (!request.getMethod().equals("GET")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        throw RawError.unsupportedMethod(request, "GET");
      }
      stream =
          hub.attach(
              account(request), request.getHeaders().get("Last-Event-ID"), response, callback);
    } catch (ApiException e) {
      return RawError.send(request, response, callback, e);
    } catch (StoreUnavailableException e) {
      return RawError.send(
          request, response, callback, ApiException.unavailable("temporarily unavailable"));
    }
    response.setStatus(200);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    // nginx buffers responses unless told not to
    h.put("X-Accel-Buffering", "no");
    request.addFailureListener(stream::abort);
    stream.start();
    return true;
  }

  /** The account of the presented token, read as every API reads it. */
  private String account(Request request) {
    Fields query;
    try {
      query = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw ApiException.invalid("malformed query string");
    }
    return ApiRequest.account(request, query, tokens);
  }
}
