package io.clicktrail.track;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.event.EventLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /c/{token}}: the hot path. Verifies the token (a MAC, no I/O), finds the link (cache,
 * store on miss), classifies the request, appends the click to the event log and answers 302.
 *
 * <p>With synchronous durability the 302 is written only when the log reports the click durable
 * (group commit); no thread waits meanwhile. A token that does not verify or names nothing gets a
 * 404 page and never a redirect.
 */
public final class RedirectHandler implements Request.Handler {
  /** Path prefix this handler serves. */
  public static final String PREFIX = "/c/";

  private final Links links;
  private final Edge edge;
  private final EventLog log;
  private final InstantSource clock;
  private final String clickIdParam;
  private final boolean waitForDurability;
  private final Timer latency;
  private final Map<Classification.Kind, Counter> clicks = new EnumMap<>(Classification.Kind.class);

  RedirectHandler(
      Links links,
      Edge edge,
      EventLog log,
      InstantSource clock,
      String clickIdParam,
      boolean waitForDurability,
      MeterRegistry metrics) {
    this.links = links;
    this.edge = edge;
    this.log = log;
    this.clock = clock;
    this.clickIdParam = clickIdParam;
    this.waitForDurability = waitForDurability;
    this.latency =
        Timer.builder("clicktrail.redirect")
            .description("time from request to 302, including the durable append")
            .publishPercentileHistogram()
            .register(metrics);
    for (Classification.Kind k : Classification.Kind.values()) {
      clicks.put(
          k,
          Counter.builder("clicktrail.clicks")
              .description("clicks recorded on tracked links")
              .tag("classification", k.wireName())
              .register(metrics));
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Edge.isGetOrHead(request)) {
      return Edge.methodNotAllowed(response, callback);
    }
    long started = System.nanoTime();
    String token = Edge.token(request, PREFIX);
    Optional<Link> found = token == null ? Optional.empty() : links.byToken(token);
    if (found.isEmpty() || !found.get().tracked()) {
      return Edge.notFound(response, callback);
    }
    Link link = found.get();
    Classification c = edge.classify(request);
    long now = clock.millis();
    String clickId = Edge.newId(now);
    ClickRecorded click =
        new ClickRecorded(
            clickId,
            link.accountId(),
            link.messageId(),
            link.id(),
            link.index(),
            link.component(),
            link.url(),
            now,
            edge.ip(request),
            request.getHeaders().get(HttpHeader.USER_AGENT),
            c.kind().wireName(),
            c.reason(),
            "clicktrail");
    String location = RedirectTarget.of(link.url(), clickIdParam, clickId);
    var appended = log.append(click);
    if (!waitForDurability) {
      return redirect(response, callback, location, c, started);
    }
    // answer on Jetty's pool, not on the log's appender thread: the writes of a whole group
    // would otherwise delay the next group commit
    appended.whenCompleteAsync(
        (ok, failure) -> {
          if (failure != null) {
            Edge.unavailable(response, callback);
          } else {
            redirect(response, callback, location, c, started);
          }
        },
        request.getComponents().getExecutor());
    return true;
  }

  private boolean redirect(
      Response response, Callback callback, String location, Classification c, long started) {
    response.setStatus(302);
    var h = response.getHeaders();
    h.put(HttpHeader.LOCATION, location);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("Referrer-Policy", "no-referrer");
    h.put(HttpHeader.CONTENT_LENGTH, 0L);
    callback.succeeded();
    clicks.get(c.kind()).increment();
    latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    return true;
  }
}
