package io.clicktrail.track;

import io.clicktrail.event.EventLog;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.ClientAddress;
import io.clicktrail.http.Ownership;
import io.clicktrail.http.Paging;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/** The tracking edge ({@code /c/}, {@code /o/}) and {@code /v1/clicks}, {@code /v1/tracking}. */
public final class TrackRoutes {
  private TrackRoutes() {}

  /** Settings of the edge. */
  public record EdgeOptions(String clickIdParam, boolean waitForDurability, boolean anonymizeIps) {}

  /** The raw handlers of the tracking edge, keyed by path prefix. */
  public static Map<String, Request.Handler> edge(
      Links links,
      EventLog log,
      ClickClassifier classifier,
      ClientAddress clientAddress,
      InstantSource clock,
      EdgeOptions options,
      MeterRegistry metrics) {
    Edge edge = new Edge(clientAddress, classifier, options.anonymizeIps());
    Map<String, Request.Handler> handlers = new LinkedHashMap<>();
    handlers.put(
        RedirectHandler.PREFIX,
        new RedirectHandler(
            links, edge, log, clock, options.clickIdParam(), options.waitForDurability(), metrics));
    handlers.put(
        OpenPixelHandler.PREFIX,
        new OpenPixelHandler(links, edge, log, clock, options.waitForDurability()));
    return handlers;
  }

  public static void register(Router router, Links links, Engagement engagement) {
    router.add(
        "GET",
        "/v1/clicks",
        req -> {
          String account = req.account();
          Paging paging = Paging.of(req);
          long since = req.query("since").map(v -> Params.unixSeconds(v, "since")).orElse(0L);
          Optional<String> message = req.query("message_id");
          return ApiResponse.ok(
              paging.page(
                  engagement.clicks(account, message, since * 1000, paging),
                  c -> Long.toString(c.seq())));
        });
    router.add(
        "GET",
        "/v1/tracking/{token}",
        req -> {
          String account = req.account();
          String token = req.path("token");
          Link link =
              Ownership.require(
                  links.byToken(token), Link::accountId, account, "tracking token", token);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("tracking_token", token);
          body.put("message_id", link.messageId());
          body.put("link_index", Integer.toString(link.index()));
          body.put("component", link.component());
          body.put("url", link.url());
          return ApiResponse.ok(body);
        });
  }
}
