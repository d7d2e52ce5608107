package io.clicktrail.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty server: raw handlers for hot paths registered by prefix (the redirect), then the {@link
 * Router} for everything else. Errors Jetty raises itself (bad URI, oversized headers) are answered
 * in the Graph error shape too.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /** How much of an unread request body is read and dropped before an error is answered. */
  private static final long DRAIN_LIMIT = 16L << 20;

  private final Server server;
  private final ServerConnector connector;

  private HttpServer(String bind, int port) {
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("http");
    this.server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    // idle keep-alive connections need not hold up a stop; in-flight requests still finish
    connector.setShutdownIdleTimeout(100);
    server.addConnector(connector);
    server.setErrorHandler(new GraphErrorHandler());
    server.setStopTimeout(10_000);
  }

  /**
   * Binds {@code bind:port} without serving yet, so the bound port is known (with port 0) before
   * the routes that need it are built.
   *
   * @throws IllegalStateException naming the port when it is in use or cannot be bound
   */
  public static HttpServer bind(String bind, int port) {
    HttpServer s = new HttpServer(bind, port);
    try {
      s.connector.open();
      return s;
    } catch (Exception e) {
      s.stopQuietly();
      throw new IllegalStateException(
          "cannot listen on "
              + bind
              + ":"
              + port
              + " ("
              + (inUse(e) ? "in use" : e.getMessage())
              + ")",
          e);
    }
  }

  private static boolean inUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts serving.
   *
   * @param rawHandlers handlers keyed by path prefix (e.g. {@code /c/}), tried before the router
   */
  public void start(
      Router router,
      Map<String, Request.Handler> rawHandlers,
      TokenResolver tokens,
      ClientAddress clientAddress) {
    Map<String, Request.Handler> raw = new LinkedHashMap<>(rawHandlers);
    server.setHandler(new GracefulHandler(new Dispatch(router, raw, tokens, clientAddress)));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      throw new IllegalStateException("http server failed to start: " + e.getMessage(), e);
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops. */
  @Override
  public void close() {
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("http server stop: {}", e.toString());
    }
  }

  private static final class Dispatch extends Handler.Abstract {
    private final Router router;
    private final Map<String, Request.Handler> raw;
    private final TokenResolver tokens;
    private final ClientAddress clientAddress;

    Dispatch(
        Router router,
        Map<String, Request.Handler> raw,
        TokenResolver tokens,
        ClientAddress clientAddress) {
      this.router = router;
      this.raw = raw;
      this.tokens = tokens;
      this.clientAddress = clientAddress;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      for (Map.Entry<String, Request.Handler> e : raw.entrySet()) {
        if (path.startsWith(e.getKey())) {
          return e.getValue().handle(request, response, callback);
        }
      }
      String method = request.getMethod();
      long started = System.nanoTime();
      ApiResponse r = route(request, method, path);
      if (LOG.isDebugEnabled()) {
        // the path only: a query may carry an access_token
        LOG.debug(
            "request method={} path={} status={} micros={}",
            method,
            path,
            r.status(),
            (System.nanoTime() - started) / 1000);
      }
      response.setStatus(r.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      if (r.status() >= 400 && hasBody(request) && !drain(request)) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      response.write(true, ByteBuffer.wrap(r.body()), callback);
      return true;
    }

    /**
     * Reads and drops what a failed route left of the request body (up to a bound), and tells
     * whether the body was read to its end. A socket closed with unread input is reset, and the
     * client then loses the answer; a body left unread also ends the connection, so say so.
     */
    private static boolean drain(Request request) {
      if (request.getHeaders().contains(HttpHeader.EXPECT)) {
        return false; // the client waits for 100 Continue, which reading would send
      }
      byte[] buffer = new byte[8192];
      long left = DRAIN_LIMIT;
      try (InputStream in = Request.asInputStream(request)) {
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
          left -= n;
          if (left == 0) {
            return false;
          }
        }
        return true;
      } catch (IOException | RuntimeException e) {
        return false; // the client went away, or the route gave up on the body
      }
    }

    private static boolean hasBody(Request request) {
      return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private ApiResponse route(Request request, String method, String path) {
      List<Router.Match> matches = router.match(method, path);
      if (matches.isEmpty()) {
        var allowed = router.allowed(path);
        ApiException e =
            allowed.isEmpty()
                ? ApiException.notFound("unknown path " + path)
                : ApiException.invalid(
                    "unsupported method "
                        + method
                        + " for "
                        + path
                        + " (allowed: "
                        + String.join(", ", allowed)
                        + ")");
        return Router.error(e, method, path, null);
      }
      long bodyLimit = matches.stream().mapToLong(Router.Match::bodyLimit).max().orElseThrow();
      if (request.getLength() > bodyLimit) {
        // also on routes that never read their body: no request over the limit is served
        return Router.error(ApiException.tooLarge(bodyLimit), method, path, null);
      }
      Fields query;
      try {
        query = Request.extractQueryParameters(request);
      } catch (RuntimeException e) {
        return Router.error(ApiException.invalid("malformed query string"), method, path, null);
      }
      String ip = clientAddress.of(request);
      return router.dispatch(
          matches,
          m -> new ApiRequest(request, m.params(), query, m.bodyLimit(), tokens, ip),
          method,
          path);
    }
  }
}
