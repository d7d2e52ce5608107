package io.clicktrail.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real webhook receiver on a free loopback port (the JDK's HTTP server): records every request
 * and answers as scripted. By default it passes every handshake (echoes {@code hub.challenge} or
 * {@code challenge}, allows any CloudEvents origin) and answers POSTs with 200; {@link #answer}
 * queues other answers, taken one per POST, and {@link #otherwise} sets the answer after the queue
 * is empty.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  public record Received(
      String method, URI uri, Map<String, String> headers, byte[] body, long atNanos) {
    /** A header by name, case-insensitively; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How to answer a POST. */
  public record Answer(
      int status, Map<String, String> headers, byte[] body, Duration delay, Duration drip) {
    public static Answer status(int status) {
      return new Answer(status, Map.of(), new byte[0], Duration.ZERO, Duration.ZERO);
    }

    public Answer withHeader(String name, String value) {
      Map<String, String> h = new TreeMap<>(headers);
      h.put(name, value);
      return new Answer(status, h, body, delay, drip);
    }

    public Answer withBody(byte[] body) {
      return new Answer(status, headers, body, delay, drip);
    }

    /** Waits this long before answering. */
    public Answer after(Duration delay) {
      return new Answer(status, headers, body, delay, drip);
    }

    /** Sends the body one byte per {@code drip}. */
    public Answer dripping(Duration drip) {
      return new Answer(status, headers, body, delay, drip);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer otherwise = Answer.status(200);
  private volatile Function<String, String> challengeEcho = Function.identity();
  private volatile String allowedOrigin = "*";
  private volatile int handshakeStatus = 200;
  private final Map<String, String> handshakeHeaders =
      new java.util.concurrent.ConcurrentHashMap<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on 127.0.0.1 and a free port. */
  public static WebhookReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/", receiver::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The receiver's URL with {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Queues answers for the next POSTs, in order. */
  public WebhookReceiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer once the queue is empty. */
  public WebhookReceiver otherwise(Answer answer) {
    this.otherwise = answer;
    return this;
  }

  /** Echoes {@code echo(challenge)} instead of the challenge. */
  public WebhookReceiver echoing(Function<String, String> echo) {
    this.challengeEcho = echo;
    return this;
  }

  /** Answers CloudEvents handshakes with this {@code WebHook-Allowed-Origin} (null: none). */
  public WebhookReceiver allowingOrigin(String origin) {
    this.allowedOrigin = origin;
    return this;
  }

  /** Answers handshakes with this status. */
  public WebhookReceiver handshakeStatus(int status) {
    this.handshakeStatus = status;
    return this;
  }

  /**
   * Adds this header to every handshake answer (GET and OPTIONS), for example a {@code Location}
   * with a 3xx {@link #handshakeStatus}.
   */
  public WebhookReceiver handshakeHeader(String name, String value) {
    handshakeHeaders.put(name, value);
    return this;
  }

  /** Every request so far, in arrival order. */
  public List<Received> requests() {
    return List.copyOf(received);
  }

  /** The POSTs so far, in arrival order. */
  public List<Received> posts() {
    return received.stream().filter(r -> r.method().equals("POST")).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI(),
              headers,
              body,
              System.nanoTime()));
      switch (exchange.getRequestMethod()) {
        case "GET" -> handshake(exchange);
        case "OPTIONS" -> {
          handshakeHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          if (allowedOrigin != null) {
            exchange.getResponseHeaders().add("WebHook-Allowed-Origin", allowedOrigin);
          }
          exchange.sendResponseHeaders(handshakeStatus, -1);
        }
        default -> post(exchange);
      }
    }
  }

  private void handshake(HttpExchange exchange) throws IOException {
    Map<String, String> query = new TreeMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String challenge = query.getOrDefault("hub.challenge", query.getOrDefault("challenge", ""));
    byte[] echo = challengeEcho.apply(challenge).getBytes(StandardCharsets.UTF_8);
    handshakeHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(handshakeStatus, echo.length == 0 ? -1 : echo.length);
    exchange.getResponseBody().write(echo);
  }

  private void post(HttpExchange exchange) throws IOException {
    Answer a = script.pollFirst();
    if (a == null) {
      a = otherwise;
    }
    sleep(a.delay());
    a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    OutputStream out = exchange.getResponseBody();
    if (a.drip().isZero()) {
      out.write(a.body());
    } else {
      for (byte b : a.body()) {
        out.write(b);
        out.flush();
        sleep(a.drip());
      }
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Requests so far as "METHOD path" lines, for failure messages. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    received.forEach(r -> lines.add(r.method() + " " + r.uri()));
    return lines.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
