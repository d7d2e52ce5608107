package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Every outbound webhook request goes through here: connections only to addresses the {@link
 * UrlGuard} checked (resolved once per connection, so no DNS rebinding), redirects never followed,
 * one timeout for the whole exchange, and at most {@value #BODY_KEPT} bytes of a response body
 * read.
 */
public final class WebhookClient implements AutoCloseable {
  /** How many bytes of a response body are read and kept. */
  public static final int BODY_KEPT = 4096;

  private final HttpClient http;

  private WebhookClient(HttpClient http) {
    this.http = http;
  }

  /**
   * Starts a client whose every connection is checked by {@code guard}; name lookups run on {@code
   * dns}.
   */
  public static WebhookClient start(UrlGuard guard, Executor dns) {
    requireNonNull(guard, "guard");
    QueuedThreadPool threads = new QueuedThreadPool(64, 2);
    threads.setName("webhook-client");
    threads.setDaemon(true);
    HttpClient http = new HttpClient();
    http.setExecutor(threads);
    http.setSocketAddressResolver(new GuardedAddressResolver(guard, dns));
    http.setFollowRedirects(false);
    http.setMaxConnectionsPerDestination(64);
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Clicktrail-Webhooks/1"));
    http.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the webhook client: " + e.getMessage(), e);
    }
    return new WebhookClient(http);
  }

  /**
   * What came back from one request.
   *
   * @param status the HTTP status, 0 when no response arrived
   * @param retryAfter the {@code Retry-After} header, null when absent
   * @param allowedOrigin the {@code WebHook-Allowed-Origin} header, null when absent
   * @param body up to {@value #BODY_KEPT} bytes of the body, decoded as UTF-8
   * @param error why no response arrived (timeout, refused address, connection refused), null when
   *     one did
   * @param latencyMillis from sending to the end of reading
   */
  public record Exchange(
      int status,
      @Nullable String retryAfter,
      @Nullable String allowedOrigin,
      String body,
      @Nullable String error,
      long latencyMillis) {
    /** Whether the status is 2xx. */
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  /** Sends one request; the future never fails, failures are in the {@link Exchange}. */
  public CompletableFuture<Exchange> send(
      String method,
      URI url,
      Map<String, String> headers,
      byte @Nullable [] body,
      Duration timeout) {
    CompletableFuture<Exchange> done = new CompletableFuture<>();
    long started = System.nanoTime();
    BodyPrefix kept = new BodyPrefix();
    Request request =
        http.newRequest(url)
            .method(method)
            .followRedirects(false)
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .headers(
                h -> {
                  headers.forEach(
                      (name, value) -> {
                        if (!name.equalsIgnoreCase("Content-Type")) {
                          h.put(name, value);
                        }
                      });
                })
            .onResponseContent(kept);
    if (body != null) {
      request.body(
          new BytesRequestContent(headers.getOrDefault("Content-Type", "application/json"), body));
    }
    request.send(result -> done.complete(exchange(result, kept, started)));
    return done;
  }

  private static Exchange exchange(Result result, BodyPrefix kept, long started) {
    long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
    Throwable failure = result.getFailure();
    boolean answered =
        status > 0
            && (failure == null
                || failure instanceof BodyPrefix.Enough
                || result.getResponseFailure() instanceof TimeoutException);
    if (!answered) {
      return new Exchange(0, null, null, kept.text(), describe(failure), latency);
    }
    var fields = result.getResponse().getHeaders();
    return new Exchange(
        status,
        fields.get(HttpHeader.RETRY_AFTER),
        fields.get("WebHook-Allowed-Origin"),
        kept.text(),
        null,
        latency);
  }

  private static String describe(@Nullable Throwable failure) {
    if (failure == null) {
      return "no response";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (failure instanceof TimeoutException || root instanceof TimeoutException) {
      return "timeout";
    }
    if (root instanceof UrlGuard.RefusedTarget) {
      return "refused: " + root.getMessage();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  /** Keeps the first {@value #BODY_KEPT} bytes of a body and stops the download after them. */
  private static final class BodyPrefix
      implements org.eclipse.jetty.client.Response.ContentListener {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static final class Enough extends Exception {
      private static final long serialVersionUID = 1L;

      Enough() {
        super("response body over " + BODY_KEPT + " bytes, rest not read", null, false, false);
      }
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response response, ByteBuffer content) {
      synchronized (bytes) {
        int room = BODY_KEPT - bytes.size();
        if (room > 0) {
          byte[] chunk = new byte[Math.min(room, content.remaining())];
          content.get(chunk);
          bytes.write(chunk, 0, chunk.length);
        }
        if (bytes.size() >= BODY_KEPT && content.hasRemaining()) {
          response.abort(new Enough());
        }
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
