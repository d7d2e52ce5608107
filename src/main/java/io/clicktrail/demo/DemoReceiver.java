package io.clicktrail.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The demo's own webhook receiver on {@code 127.0.0.1} and a free port, so the dashboard has
 * subscriptions to show: {@link #healthyUrl()} passes every subscription handshake (the WhatsApp
 * and Nylas challenge echo, the CloudEvents {@code OPTIONS} origin check) and answers 200 to every
 * delivery; {@link #failingUrl()} passes the handshakes too but answers 500 to every delivery, so
 * its subscription is seen failing and retrying. It reads and drops what it is sent. Requests are
 * served on virtual threads; {@link #close()} stops it at once.
 */
final class DemoReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on a free loopback port. */
  static DemoReceiver start() throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    DemoReceiver receiver = new DemoReceiver(server);
    server.createContext("/hooks/crm", e -> receiver.handle(e, false));
    server.createContext("/hooks/broken", e -> receiver.handle(e, true));
    server.setExecutor(receiver.executor);
    server.start();
    return receiver;
  }

  /** Where deliveries succeed. */
  URI healthyUrl() {
    return url("/hooks/crm");
  }

  /** Where every delivery gets a 500. */
  URI failingUrl() {
    return url("/hooks/broken");
  }

  /** Deliveries answered 200 so far. */
  long accepted() {
    return accepted.get();
  }

  /** Deliveries answered 500 so far. */
  long refused() {
    return refused.get();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(HttpExchange e, boolean failing) throws IOException {
    try (e) {
      try (InputStream in = e.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      switch (e.getRequestMethod()) {
        case "OPTIONS" -> {
          // the CloudEvents webhook handshake: allow the origin that asks
          String origin = e.getRequestHeaders().getFirst("WebHook-Request-Origin");
          e.getResponseHeaders().set("WebHook-Allowed-Origin", origin == null ? "*" : origin);
          e.getResponseHeaders().set("WebHook-Allowed-Rate", "*");
          e.getResponseHeaders().set("Allow", "OPTIONS, GET, POST");
          answer(e, 200, "");
        }
        case "GET" -> {
          String challenge = challenge(e.getRequestURI().getRawQuery());
          answer(e, challenge == null ? 400 : 200, challenge == null ? "no challenge" : challenge);
        }
        case "POST" -> {
          (failing ? refused : accepted).incrementAndGet();
          answer(e, failing ? 500 : 200, failing ? "demo receiver: always failing" : "ok");
        }
        default -> answer(e, 405, "");
      }
    }
  }

  /** The {@code hub.challenge} (WhatsApp) or {@code challenge} (Nylas) of a query, else null. */
  private static @Nullable String challenge(@Nullable String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq > 0 && (name.equals("hub.challenge") || name.equals("challenge"))) {
        return URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      }
    }
    return null;
  }

  private static void answer(HttpExchange e, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    e.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops the receiver; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.close();
    }
  }
}
