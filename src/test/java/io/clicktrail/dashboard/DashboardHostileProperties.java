package io.clicktrail.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.SharedServer;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile requests to the dashboard's paths — the page, the assets, the live feed (which answers
 * outside the router) and the click statistics — never get a 5xx, and every refusal is the Graph
 * error shape. Requests that would open a live stream (a valid token and GET on its exact path) are
 * not generated: they answer 200 and stay open, which is the feed working.
 */
class DashboardHostileProperties {
  private static final List<String> PREFIXES =
      List.of("/", "/assets/", "/v1/live/clicks", "/v1/click_stats", "/v1/me");

  private static final List<String> PIECES =
      List.of(
          "",
          "/",
          "..",
          "%2e%2e",
          "%2F",
          "%00",
          "%C3%A9",
          "app.js",
          "echarts.min.js",
          "0123456789ab",
          "?",
          "&",
          "=",
          "since=",
          "until=",
          "granularity=",
          "limit=",
          "access_token=",
          "-1",
          "0",
          "99999999999999999999",
          "1.5",
          "HOUR",
          "day",
          "WEEK",
          "~",
          ";",
          "x");

  private static TestServer.Account acme;
  private static final SharedServer SHARED =
      new SharedServer(
          "dashboard-hostile",
          s -> {
            acme = s.createAccount("102290129340398", "Acme");
          });

  private static TestServer server() {
    return SHARED.get();
  }

  @AfterContainer
  static void stop() throws IOException {
    SHARED.close();
  }

  @Property(tries = 400)
  void hostileDashboardRequests_neverGet5xx(
      @ForAll("methods") String method,
      @ForAll("prefixes") String prefix,
      @ForAll("suffixes") String suffix,
      @ForAll("tokens") String token,
      @ForAll("headerValues") String headerValue) {
    TestServer s = server();
    String path = prefix + suffix;
    String beyondFeed =
        path.startsWith(LiveClickStream.PATH) ? path.substring(LiveClickStream.PATH.length()) : "/";
    boolean opensStream =
        method.equals("GET")
            && token.equals("valid")
            && (beyondFeed.isEmpty() || beyondFeed.startsWith("?"));
    if (opensStream) {
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (token.equals("valid")) {
      headers.put("Authorization", "Bearer " + acme.token());
    } else if (!token.isEmpty()) {
      headers.put("Authorization", token);
    }
    headers.put("If-None-Match", headerValue);
    headers.put("Accept-Encoding", headerValue);
    headers.put("Last-Event-ID", headerValue);

    TestServer.Response r = s.request(method, s.baseUrl() + path, headers);

    String what = method + " " + path + " (" + token + ", " + headerValue + ")";
    assertThat(r.status()).as("%s → %s", what, r.body()).isBetween(200, 499);
    if (r.status() >= 400 && !method.equals("HEAD")) {
      assertThat(TestServer.graphErrorProblems(r.status(), r.body())).as(what).isEmpty();
    }
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of(PREFIXES);
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of(PIECES).list().ofMaxSize(6).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of("valid", "", "Bearer nope", "Bearer ", "Basic eDp5", "bearer");
  }

  @Provide
  Arbitrary<String> headerValues() {
    return Arbitraries.of("", "*", "\"nope\"", "gzip", "br;q=0, gzip;q=0", "x".repeat(300));
  }
}
