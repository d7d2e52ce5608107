package io.clicktrail.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A reader of a server-sent event stream over {@link HttpClient}: a virtual thread parses what
 * arrives into events (field name to value; comments under {@code ":"}) that a test reads with
 * Awaitility. Close it to drop the connection.
 */
final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpResponse<InputStream> response;
  private final List<Map<String, String>> events = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread.ofVirtual().name("sse-client").start(this::read);
    }
  }

  /** Opens {@code url} with {@code Authorization: Bearer token} unless the token is null. */
  static SseClient open(String url, String token) {
    return open(url, token, Map.of());
  }

  /** Opens {@code url} as {@link #open(String, String)} does, with extra request headers. */
  static SseClient open(String url, String token, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return new SseClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a response that is not a stream (an error). */
  String body() {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every event received so far, in order. */
  List<Map<String, String>> events() {
    return List.copyOf(events);
  }

  /** The events received so far whose {@code event} field is {@code click}. */
  List<Map<String, String>> clicks() {
    List<Map<String, String>> clicks = new ArrayList<>();
    for (Map<String, String> e : events) {
      if ("click".equals(e.get("event"))) {
        clicks.add(e);
      }
    }
    return clicks;
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return ended;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      Map<String, String> event = new LinkedHashMap<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!event.isEmpty()) {
            events.add(Map.copyOf(event));
            event = new LinkedHashMap<>();
          }
          continue;
        }
        int colon = line.indexOf(':');
        String field = colon == 0 ? ":" : colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        event.merge(
            field, value.startsWith(" ") ? value.substring(1) : value, (a, b) -> a + "\n" + b);
      }
    } catch (IOException e) {
      // the connection was closed under the reader
    } finally {
      ended = true;
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
