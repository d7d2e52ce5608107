package io.clicktrail.analytics;

import static io.clicktrail.analytics.TemplateAnalyticsApiTest.ACME;
import static io.clicktrail.analytics.TemplateAnalyticsApiTest.DAY;
import static io.clicktrail.analytics.TemplateAnalyticsApiTest.DAY0;
import static io.clicktrail.analytics.TemplateAnalyticsApiTest.T1;
import static io.clicktrail.analytics.TemplateAnalyticsApiTest.T1_BODY;
import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Insights confirmation, the lookback and every 400 of {@code template_analytics}. */
class TemplateAnalyticsValidationTest {
  private static final long NOW = DAY0 + 100 * DAY;
  private static final String OK =
      "&start=" + (NOW - 5 * DAY) + "&end=" + NOW + "&granularity=daily&template_ids=" + T1;

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  TestServer.Account other;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            dir, Map.of("analytics-lookback", "30d"), MutableClock.at(Instant.ofEpochSecond(NOW)));
    acme = server.createAccount(ACME, "Acme");
    other = server.createAccount("555000111222333", "Other");
    assertThat(server.putTemplate(acme, T1, T1_BODY).status()).isEqualTo(200);
    assertThat(server.putTemplate(other, "777", T1_BODY).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response get(String query) {
    return server.get(
        "/" + ACME + "/template_analytics?" + query.substring(query.startsWith("&") ? 1 : 0),
        acme.token());
  }

  private void confirm() {
    TestServer.Response r =
        server.post("/v21.0/" + ACME + "?is_enabled_for_insights=TRUE", acme.token(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"id\":\"" + ACME + "\"}");
  }

  private void assertInvalid(String query, String mentions) {
    TestServer.assertGraphError(
        server.get("/" + ACME + "/template_analytics?" + query, acme.token()), 400, 100, mentions);
  }

  @Test
  void beforeConfirmation_is403_thenAnswers_andOtherAccountsAreForbidden() {
    TestServer.assertGraphError(get(OK), 403, 200, "insights");
    confirm();
    assertThat(get(OK).status()).isEqualTo(200);
    TestServer.assertGraphError(
        server.get("/" + ACME + "/template_analytics?" + OK, other.token()), 403, 200, "");
    TestServer.assertGraphError(
        server.post("/" + ACME + "?is_enabled_for_insights=true", other.token(), null),
        403,
        200,
        "");
    TestServer.assertGraphError(
        server.post("/" + ACME + "?is_enabled_for_insights=maybe", acme.token(), null),
        400,
        100,
        "is_enabled_for_insights");
    // the template update still answers for template ids
    assertThat(
            server
                .post("/" + T1 + "?cta_url_link_tracking_opted_out=true", acme.token(), null)
                .body())
        .isEqualTo("{\"success\":true}");
    assertThat(
            server.post("/" + ACME + "?is_enabled_for_insights=false", acme.token(), null).status())
        .isEqualTo(200);
    TestServer.assertGraphError(get(OK), 403, 200, "insights");
  }

  @Test
  void startOlderThanTheLookback_is400() {
    confirm();
    long oldest = NOW - 30 * DAY;
    assertThat(
            get("&start=" + oldest + "&end=" + NOW + "&granularity=daily&template_ids=" + T1)
                .status())
        .isEqualTo(200);
    assertInvalid(
        "start=" + (oldest - 1) + "&end=" + NOW + "&granularity=daily&template_ids=" + T1,
        "lookback");
  }

  @Test
  void everyBadParameter_is400NamingIt() {
    confirm();
    String s = "start=" + (NOW - 2 * DAY) + "&end=" + NOW;
    String t = "&template_ids=" + T1;
    assertInvalid(s + t, "granularity");
    assertInvalid(s + t + "&granularity=DAY", "granularity");
    assertInvalid(s + t + "&granularity=HALF_HOUR", "granularity");
    assertInvalid("end=" + NOW + "&granularity=daily" + t, "start");
    assertInvalid("start=" + NOW + "&granularity=daily" + t, "end");
    assertInvalid("start=abc&end=" + NOW + "&granularity=daily" + t, "start");
    assertInvalid("start=" + NOW + "&end=" + NOW + "&granularity=daily" + t, "end");
    assertInvalid(s + "&granularity=daily", "template_ids");
    assertInvalid(s + "&granularity=daily&template_ids=%5B%5D", "template_ids");
    assertInvalid(s + "&granularity=daily&template_ids=%5B1,,2%5D", "template_ids");
    assertInvalid(s + "&granularity=daily&template_ids=1,2,3,4,5,6,7,8,9,10,11", "template_ids");
    assertInvalid(s + "&granularity=daily&template_ids=424242", "424242");
    assertInvalid(s + "&granularity=daily&template_ids=777", "777");
    String ok = s + "&granularity=daily" + t;
    assertInvalid(ok + "&metric_types=SENT,CLICKS", "metric_types");
    assertInvalid(ok + "&product_type=WHATSAPP", "product_type");
    assertInvalid(ok + "&limit=0", "limit");
    assertInvalid(ok + "&limit=1001", "limit");
    assertInvalid(ok + "&limit=ten", "limit");
    assertInvalid(ok + "&after=bm9wZQ", "after");
    assertInvalid(ok + "&before=bm9wZQ", "before");
    assertInvalid(ok + "&colour=red", "colour");
    // accepted forms
    assertThat(get("&" + ok + "&metric_types=%5BSENT,read%5D&product_type=Cloud_Api").status())
        .isEqualTo(200);
    assertThat(get("&" + ok + "&metric_types=%5B%5D&limit=1000").status()).isEqualTo(200);
  }
}
