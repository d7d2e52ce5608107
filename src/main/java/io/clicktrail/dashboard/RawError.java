package io.clicktrail.dashboard;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.GraphError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Answers a raw handler's failure in the Graph error shape, as the router answers its own. */
final class RawError {
  private static final Logger LOG = LoggerFactory.getLogger(RawError.class);

  private RawError() {}

  /** Writes {@code e} as the whole response and completes {@code callback}; returns true. */
  static boolean send(Request request, Response response, Callback callback, ApiException e) {
    String trace = GraphError.newTraceId();
    String path = Request.getPathInContext(request);
    LOG.atLevel(e.status() >= 500 ? Level.WARN : Level.DEBUG)
        .log(
            "fbtrace_id={} {} {} status={} {}",
            trace,
            request.getMethod(),
            path,
            e.status(),
            e.getMessage());
    response.setStatus(e.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(GraphError.bytes(e, trace)), callback);
    return true;
  }

  /** The router's answer to a method a path does not take: 400, code 100, naming both. */
  static ApiException unsupportedMethod(Request request, String allowed) {
    return ApiException.invalid(
        "unsupported method "
            + request.getMethod()
            + " for "
            + Request.getPathInContext(request)
            + " (allowed: "
            + allowed
            + ")");
  }
}
