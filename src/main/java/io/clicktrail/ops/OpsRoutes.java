package io.clicktrail.ops;

import io.clicktrail.event.EventLog;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Router;
import io.clicktrail.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code GET /healthz} and {@code GET /metrics}; neither needs a token. */
public final class OpsRoutes {
  private OpsRoutes() {}

  public static void register(
      Router router, Store store, EventLog log, PrometheusMeterRegistry metrics) {
    router.add(
        "GET",
        "/healthz",
        req -> {
          if (!log.healthy() || !store.writable()) {
            throw ApiException.unavailable("the store or the event log is not accepting writes");
          }
          return ApiResponse.ok(Map.of("status", "ok"));
        });
    router.add(
        "GET",
        "/metrics",
        req ->
            new ApiResponse(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8),
                Map.of()));
  }
}
