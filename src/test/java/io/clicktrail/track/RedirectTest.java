package io.clicktrail.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RedirectTest {
  private static final String PHONE = "106540352242922";
  private static final Pattern CLICK_ID =
      Pattern.compile("[?&]click_id=([A-Za-z0-9_-]{1,32})(#|$)");
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;
  boolean sharedServer;

  private void start(Map<String, String> flags) {
    server = TestServer.start(dir, flags);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, PHONE, "15550783881");
  }

  @AfterEach
  void stop() {
    if (server != null && !sharedServer) {
      server.close();
    }
  }

  /** Registers a message whose cta links are {@code urls}; returns its links. */
  private JsonNode links(String messageId, String... urls) {
    return server
        .registerMessage(
            acme,
            Map.of(
                "message_id",
                messageId,
                "phone_number_id",
                PHONE,
                "recipient",
                "16505551234",
                "cta_urls",
                List.of(urls)))
        .get("links");
  }

  private String trackedUrl(String url) {
    return links("wamid.R" + System.nanoTime(), url).get(0).get("tracked_url").asText();
  }

  /** Cases that need no setting share one server; each checks that only valid clicks appear. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnDefaultSettings {
    private final Set<String> validClickIds = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startShared(@TempDir Path shared) {
      sharedServer = true;
      server = TestServer.start(shared);
      acme = server.createAccount("102290129340398", "Acme");
      server.phoneNumber(acme, PHONE, "15550783881");
    }

    @AfterAll
    void stopShared() {
      server.close();
      server = null;
    }

    /** Waits for the valid click {@code id}; any click recorded before it is listed by then. */
    private void assertOnlyValidClicksListed(String id) {
      validClickIds.add(id);
      await()
          .untilAsserted(
              () -> assertThat(clicks()).extracting(c -> c.get("click_id").asText()).contains(id));
      assertThat(clicks())
          .extracting(c -> c.get("click_id").asText())
          .containsExactlyInAnyOrderElementsOf(validClickIds);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "https://shop.example/p/1          | https://shop.example/p/1?click_id={id}",
          "https://shop.example/p/1?ref=wa   | https://shop.example/p/1?ref=wa&click_id={id}",
          "https://shop.example/p/1#top      | https://shop.example/p/1?click_id={id}#top",
          "https://shop.example/p/1?a=1&b=2#t | https://shop.example/p/1?a=1&b=2&click_id={id}#t",
          "https://shop.example/p/1?         | https://shop.example/p/1?click_id={id}",
          "https://shop.example/p/1?a=1&     | https://shop.example/p/1?a=1&click_id={id}",
          "https://shop.example/p/1#frag?x=1 | https://shop.example/p/1?click_id={id}#frag?x=1",
          "https://shop.example/             | https://shop.example/?click_id={id}",
        })
    void redirect_addsClickIdToQueryBeforeFragment(String url, String expected) {
      TestServer.Response r = server.click(trackedUrl(url), TestServer.BROWSER);

      assertThat(r.status()).isEqualTo(302);
      String id = clickId(r.header("Location"));
      assertThat(r.header("Location")).isEqualTo(expected.replace("{id}", id));
      assertOnlyValidClicksListed(id);
    }

    @Test
    void redirect_forbidsCachingAndReferrer() {
      TestServer.Response r =
          server.click(trackedUrl("https://shop.example/a"), TestServer.BROWSER);

      assertThat(r.status()).isEqualTo(302);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.body()).isEmpty();
      assertOnlyValidClicksListed(clickId(r.header("Location")));
    }

    /**
     * Ways to spoil a valid 34-character token; characters 0-11 hold kind and id, 12-33 the MAC.
     */
    enum Spoiled {
      MAC_CHAR_FLIPPED(t -> flip(t, 20)),
      ID_CHAR_FLIPPED(t -> flip(t, 5)),
      KIND_CHAR_FLIPPED(t -> flip(t, 0)),
      LAST_CHAR_NON_CANONICAL(RedirectTest::otherSpellingOfLastChar),
      TRUNCATED(t -> t.substring(0, t.length() - 1)),
      EXTENDED(t -> t + "A"),
      EMPTY(t -> ""),
      NOT_BASE64(t -> t.substring(0, 10) + "*" + t.substring(11)),
      PADDED(t -> t.substring(0, 32) + "=="),
      EXTRA_SEGMENT(t -> t + "/x"),
      TRAILING_SLASH(t -> t + "/"),
      NESTED(t -> "x/" + t);

      final UnaryOperator<String> spoil;

      Spoiled(UnaryOperator<String> spoil) {
        this.spoil = spoil;
      }
    }

    @ParameterizedTest
    @EnumSource(Spoiled.class)
    void spoiledToken_returns404PageWithoutLocationAndRecordsNothing(Spoiled how) {
      String tracked = trackedUrl("https://shop.example/a");
      String token = tracked.substring(tracked.lastIndexOf('/') + 1);

      TestServer.Response r =
          server.click(server.baseUrl() + "/c/" + how.spoil.apply(token), TestServer.BROWSER);

      assertNotFoundPage(r);
      TestServer.Response valid = server.click(tracked, TestServer.BROWSER);
      assertOnlyValidClicksListed(clickId(valid.header("Location")));
    }
  }

  @Test
  void clickIdParamSetting_renamesTheParameter() {
    start(Map.of("click-id-param", "ct_ref"));

    TestServer.Response r =
        server.click(trackedUrl("https://shop.example/a?x=1#f"), TestServer.BROWSER);

    assertThat(r.header("Location"))
        .matches("https://shop\\.example/a\\?x=1&ct_ref=[A-Za-z0-9_-]{1,32}#f");
  }

  @Test
  void otherServersToken_returns404WithoutLocation(@TempDir Path otherDir) {
    start(Map.of());
    String ours = trackedUrl("https://shop.example/a");
    String theirs;
    try (TestServer other = TestServer.start(otherDir)) {
      TestServer.Account a = other.createAccount("102290129340398", "Acme");
      other.phoneNumber(a, PHONE, "15550783881");
      JsonNode m =
          other.registerMessage(
              a,
              Map.of(
                  "phone_number_id",
                  PHONE,
                  "recipient",
                  "1650555",
                  "cta_urls",
                  List.of("https://evil.example/")));
      theirs = m.get("links").get(0).get("token").asText();
    }
    // Our link's id, signed under a secret that is not ours.
    byte[] raw = Base64.getUrlDecoder().decode(ours.substring(ours.lastIndexOf('/') + 1));
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String forged =
        new TrackingTokens(secret)
            .mint(TrackingTokens.Kind.LINK, ByteBuffer.wrap(raw, 1, 8).getLong());

    assertNotFoundPage(server.click(server.baseUrl() + "/c/" + theirs, TestServer.BROWSER));
    assertNotFoundPage(server.click(server.baseUrl() + "/c/" + forged, TestServer.BROWSER));
  }

  @Test
  void post_returns405AndRecordsNothing() {
    start(Map.of());
    String tracked = trackedUrl("https://shop.example/a");

    TestServer.Response r =
        server.request("POST", tracked, Map.of("User-Agent", TestServer.BROWSER));

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Location")).isNull();
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(server.click(tracked, TestServer.BROWSER).status()).isEqualTo(302);
    await().untilAsserted(() -> assertThat(clicks()).hasSize(1));
  }

  @Test
  void restartOnSameDataDir_keepsTokensValid_andOldLinksNeverExpire() {
    start(Map.of());
    String old =
        server
            .registerMessage(
                acme,
                Map.of(
                    "phone_number_id",
                    PHONE,
                    "recipient",
                    "16505551234",
                    "sent_at",
                    1_000_000_000,
                    "cta_urls",
                    List.of("https://shop.example/old")))
            .get("links")
            .get(0)
            .get("tracked_url")
            .asText();
    server.close();
    MutableClock later = MutableClock.ofNow();
    later.advance(Duration.ofDays(3 * 365));
    server = TestServer.start(dir, Map.of(), later);

    TestServer.Response r =
        server.click(server.baseUrl() + URI.create(old).getPath(), TestServer.BROWSER);

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).startsWith("https://shop.example/old?click_id=");
    await()
        .untilAsserted(
            () ->
                assertThat(clicks())
                    .extracting(c -> c.get("timestamp_ms").asLong())
                    .containsExactly(later.millis()));
  }

  private List<JsonNode> clicks() {
    return server.allClicks(acme.token(), null);
  }

  private static void assertNotFoundPage(TestServer.Response r) {
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Location")).isNull();
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<h1>Link not found</h1>");
  }

  private static String clickId(String location) {
    Matcher m = CLICK_ID.matcher(location.replaceFirst("#.*", ""));
    assertThat(m.find()).as("click_id in %s", location).isTrue();
    return m.group(1);
  }

  private static String flip(String token, int at) {
    char c = token.charAt(at);
    return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  /** The last character carries 2 bits of data and 4 unused bits: change only the unused ones. */
  private static String otherSpellingOfLastChar(String token) {
    int last = ALPHABET.indexOf(token.charAt(token.length() - 1));
    int other = (last & 0b110000) | ((last + 1) & 0b001111);
    return token.substring(0, token.length() - 1) + ALPHABET.charAt(other);
  }
}
