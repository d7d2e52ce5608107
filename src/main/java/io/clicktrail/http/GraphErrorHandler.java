package io.clicktrail.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a route runs (malformed URI, oversized headers, bad
 * request line) in the Graph error shape, with no stack trace, and with {@code Connection: close}:
 * Jetty drops the connection after such a request, and a client not told so would send its next
 * request on a dead connection.
 */
final class GraphErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      // a request line that is not HTTP/1.x is the client's error, and no input may get a 5xx
      status = HttpStatus.BAD_REQUEST_400;
      response.setStatus(status);
    }
    ApiException e =
        switch (status) {
          case 404 -> ApiException.notFound("unknown path");
          case 413 -> ApiException.tooLarge(Router.DEFAULT_BODY_LIMIT);
          case 503 -> ApiException.unavailable("temporarily unavailable, retry later");
          default ->
              status >= 500
                  ? new ApiException(500, 1, "OAuthException", "an unknown error occurred", null)
                  : new ApiException(
                      status,
                      100,
                      "GraphMethodException",
                      "malformed request (" + status + ")",
                      null);
        };
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(GraphError.bytes(e, GraphError.newTraceId())), callback);
    return true;
  }
}
