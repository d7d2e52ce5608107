package io.clicktrail.dashboard;

import static java.util.Objects.requireNonNull;

import io.clicktrail.account.Account;
import io.clicktrail.account.Accounts;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Route;
import io.clicktrail.http.Router;
import io.clicktrail.http.TokenResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * The dashboard's HTTP surface: the page and {@code /v1/me} on the router, the assets and the live
 * feed as raw handlers.
 *
 * <ul>
 *   <li>{@code GET /} (and {@code HEAD}), whatever the query: the page, {@code text/html;
 *       charset=utf-8}, {@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer} (its
 *       first load may carry {@code ?access_token=}), {@code X-Content-Type-Options: nosniff} and a
 *       {@link #CONTENT_SECURITY_POLICY} that allows only its own scripts, styles and connections.
 *   <li>{@code GET /v1/me} (account token): {@code {"id","name"}} of the token's account (its id is
 *       the WABA id of the Graph analytics calls); the admin token gets 403 code 200.
 *   <li>{@code /assets/…}: see {@link AssetHandler}; {@code /v1/live/clicks}: see {@link
 *       LiveClickStream}.
 * </ul>
 */
public final class DashboardRoutes {
  /** The policy of the page: nothing from elsewhere, no inline scripts, not framed. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action"
          + " 'self'";

  private DashboardRoutes() {}

  /** The body of {@code GET /v1/me}. */
  record Me(String id, String name) {}

  public static void register(Router router, DashboardAssets assets, Accounts accounts) {
    requireNonNull(assets, "assets");
    requireNonNull(accounts, "accounts");
    Route page =
        req ->
            assets
                .page()
                .map(DashboardRoutes::page)
                .orElseThrow(() -> ApiException.notFound("this build has no dashboard"));
    router.add("GET", "/", page);
    router.add("HEAD", "/", page);
    router.add(
        "GET",
        "/v1/me",
        req -> {
          String id = req.account();
          Account a =
              accounts.find(id).orElseThrow(() -> ApiException.notFound("unknown account " + id));
          return ApiResponse.ok(new Me(a.id(), a.name()));
        });
  }

  /** The raw handlers of the dashboard, keyed by path prefix. */
  public static Map<String, Request.Handler> handlers(
      DashboardAssets assets, LiveClicks live, TokenResolver tokens) {
    Map<String, Request.Handler> handlers = new LinkedHashMap<>();
    handlers.put(DashboardAssets.PREFIX, new AssetHandler(assets));
    handlers.put(LiveClickStream.PATH, new LiveClickStream(live, tokens));
    return handlers;
  }

  private static ApiResponse page(byte[] html) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", "no-store");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    return new ApiResponse(200, "text/html; charset=utf-8", html, Map.copyOf(headers));
  }
}
