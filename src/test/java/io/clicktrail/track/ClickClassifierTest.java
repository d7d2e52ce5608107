package io.clicktrail.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.clicktrail.track.Classification.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClickClassifierTest {

  private static final String DESKTOP_CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  /** Waits for the analyzer however busy it is, so table answers do not depend on timing. */
  private final ClickClassifier classifier = ClickClassifier.create(Duration.ofMinutes(1));

  /** Waits the production budget. */
  private final ClickClassifier impatient = ClickClassifier.create();

  private Classification get(String userAgent) {
    return classifier.classify("GET", userAgent, null, null);
  }

  static Stream<String> humanAgents() {
    return Stream.of(
        DESKTOP_CHROME,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.6099.144 Mobile Safari/537.36",
        // WhatsApp's in-app browser on Android is a Chrome WebView: a person, not the previewer.
        "Mozilla/5.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014; wv) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 12; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/108.0.0.0 Mobile Safari/537.36 WhatsApp/2.23.20.76",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " WhatsApp/0.3.5374 Chrome/69.0.3497.128 Electron/4.1.4 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.0]",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Mobile/15E148 Instagram 302.0.0.23.114",
        // Mail clients loading the open pixel for their reader.
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
        "Android-Mail/2023.09.24.570142429.Release");
  }

  @ParameterizedTest
  @MethodSource("humanAgents")
  void classify_browserOrAppUserAgent_isHumanBrowser(String userAgent) {
    assertThat(get(userAgent)).isEqualTo(new Classification(Kind.HUMAN, "browser"));
  }

  static Stream<Arguments> curatedAgents() {
    return Stream.of(
        Arguments.of("WhatsApp/2.23.20.0 A", "ua:whatsapp-preview"),
        Arguments.of("WhatsApp/2.23.18.78 i", "ua:whatsapp-preview"),
        Arguments.of("WhatsApp", "ua:whatsapp-preview"),
        Arguments.of(
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "ua:facebook-preview"),
        Arguments.of("facebookexternalhit/1.1", "ua:facebook-preview"),
        Arguments.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like"
                + " Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot"
                + " Twitterbot/1.0",
            "ua:imessage-preview"),
        Arguments.of(
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "ua:slack-preview"),
        Arguments.of("Slack-ImgProxy (+https://api.slack.com/robots)", "ua:slack-preview"),
        Arguments.of("TelegramBot (like TwitterBot)", "ua:telegram-preview"),
        Arguments.of("Twitterbot/1.0", "ua:twitter-preview"),
        Arguments.of(
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "ua:discord-preview"),
        Arguments.of("SkypeUriPreview Preview/0.5", "ua:skype-preview"),
        Arguments.of(
            "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5"
                + " skype-url-preview@microsoft.com",
            "ua:skype-preview"),
        Arguments.of(
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "ua:linkedin-preview"),
        Arguments.of(
            "Mozilla/5.0 (compatible; Snap URL Preview Service; bot; snapchat;"
                + " https://developers.snap.com/robots)",
            "ua:snapchat-preview"),
        Arguments.of(
            "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko)"
                + " BingPreview/1.0b",
            "ua:bing-preview"),
        Arguments.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/112.0.0.0 Safari/537.36 Edg/112.0.1722.48 (BingPreview)",
            "ua:bing-preview"),
        Arguments.of("Mozilla/4.0 (compatible; ms-office; MSOffice 16)", "ua:microsoft-safelinks"),
        Arguments.of(
            "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 10.0; Win64; x64; Trident/7.0;"
                + " Microsoft Outlook 16.0.10364; ms-office; MSOffice 16)",
            "ua:microsoft-safelinks"),
        Arguments.of("Microsoft Office Existence Discovery", "ua:microsoft-safelinks"),
        // Scanner user agents are rarely published; these carry the vendor token the rule keys on.
        Arguments.of("Mozilla/5.0 (compatible; Proofpoint URL Defense)", "ua:proofpoint"),
        Arguments.of("Mimecast URL Protect", "ua:mimecast"),
        Arguments.of("Barracuda Sentinel (EE)", "ua:barracuda"),
        Arguments.of(
            "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com"
                + " GoogleImageProxy)",
            "ua:google-image-proxy"),
        Arguments.of(
            "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html",
            "ua:yahoo-mail-proxy"),
        Arguments.of("Mozilla/5.0", "ua:apple-mail-proxy"),
        Arguments.of("  Mozilla/5.0 ", "ua:apple-mail-proxy"));
  }

  @ParameterizedTest
  @MethodSource("curatedAgents")
  void classify_curatedFetcher_isBotWithItsReason(String userAgent, String reason) {
    assertThat(get(userAgent)).isEqualTo(new Classification(Kind.BOT, reason));
  }

  @Test
  void classify_everyCuratedRule_isExercisedByTheTable() {
    List<String> tested = curatedAgents().map(arguments -> (String) arguments.get()[1]).toList();

    assertThat(KnownAgents.rules())
        .extracting(KnownAgents.Rule::reason)
        .allSatisfy(reason -> assertThat(tested).contains(reason));
  }

  static Stream<Arguments> crawlers() {
    return Stream.of(
        Arguments.of(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "ua:robot:googlebot"),
        Arguments.of(
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML,"
                + " like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible;"
                + " Googlebot/2.1; +http://www.google.com/bot.html)",
            "ua:robot:googlebot"),
        Arguments.of(
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "ua:robot:bingbot"),
        Arguments.of(
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "ua:robot:ahrefsbot"),
        Arguments.of(
            "Mozilla/5.0 (compatible; Google-Read-Aloud;"
                + " +https://support.google.com/webmasters/answer/1061943)",
            "ua:robot:google-read-aloud"));
  }

  @ParameterizedTest
  @MethodSource("crawlers")
  void classify_crawler_isBotNamedByTheLibrary(String userAgent, String reason) {
    assertThat(get(userAgent)).isEqualTo(new Classification(Kind.BOT, reason));
  }

  @Test
  void classify_headlessChrome_isBot() {
    Classification classification =
        get(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " HeadlessChrome/120.0.0.0 Safari/537.36");

    assertThat(classification.kind()).isEqualTo(Kind.BOT);
    assertThat(classification.reason()).startsWith("ua:robot:");
  }

  static Stream<Arguments> httpClients() {
    return Stream.of(
        Arguments.of("curl/8.5.0", "ua:http-client:curl"),
        Arguments.of("Wget/1.21.4", "ua:http-client:wget"),
        Arguments.of("python-requests/2.31.0", "ua:http-client:python-requests"),
        Arguments.of("Go-http-client/1.1", "ua:http-client:go-http-client"),
        Arguments.of("okhttp/4.12.0", "ua:http-client:okhttp"),
        Arguments.of("Java-http-client/21.0.2", "ua:http-client:java-http-client"),
        Arguments.of("Java/1.8.0_392", "ua:http-client:java"),
        Arguments.of("Apache-HttpClient/4.5.14 (Java/17.0.9)", "ua:http-client:apache-httpclient"),
        Arguments.of("axios/1.6.7", "ua:http-client:axios"),
        Arguments.of(
            "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "ua:http-client:node-fetch"),
        Arguments.of("node", "ua:http-client:node"),
        Arguments.of("libwww-perl/6.72", "ua:http-client:libwww-perl"),
        Arguments.of("PostmanRuntime/7.36.0", "ua:http-client:postmanruntime"));
  }

  @ParameterizedTest
  @MethodSource("httpClients")
  void classify_httpLibraryOrTool_isBotNamedByClient(String userAgent, String reason) {
    assertThat(get(userAgent)).isEqualTo(new Classification(Kind.BOT, reason));
  }

  @Test
  void classify_headRequest_isPrefetchEvenFromBrowser() {
    assertThat(classifier.classify("HEAD", DESKTOP_CHROME, null, null))
        .isEqualTo(new Classification(Kind.PREFETCH, "head-request"));
  }

  @Test
  void classify_headRequestWithoutUserAgent_isPrefetchBeforeEmpty() {
    assertThat(classifier.classify("HEAD", null, null, null).reason()).isEqualTo("head-request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"prefetch", "prefetch;prerender", "Prefetch", " prefetch ", "x, prefetch"})
  void classify_secPurposePrefetch_isPurposePrefetch(String secPurpose) {
    assertThat(classifier.classify("GET", DESKTOP_CHROME, null, secPurpose))
        .isEqualTo(new Classification(Kind.PREFETCH, "purpose-prefetch"));
  }

  @Test
  void classify_purposePrefetch_isPurposePrefetch() {
    assertThat(classifier.classify("GET", DESKTOP_CHROME, "prefetch", null))
        .isEqualTo(new Classification(Kind.PREFETCH, "purpose-prefetch"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "prerender", "prefetched", "no-prefetch", ";prefetch"})
  void classify_otherPurpose_isNotPrefetch(String purpose) {
    assertThat(classifier.classify("GET", DESKTOP_CHROME, purpose, purpose).kind())
        .isEqualTo(Kind.HUMAN);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t \r\n"})
  void classify_missingOrBlankUserAgent_isBotEmpty(String userAgent) {
    assertThat(classifier.classify("GET", userAgent, null, null))
        .isEqualTo(new Classification(Kind.BOT, "ua:empty"));
  }

  @Test
  void classify_userAgentLongerThanLimit_isBotOversized() {
    String longChrome = DESKTOP_CHROME + " x".repeat(ClickClassifier.MAX_AGENT_LENGTH / 2);

    assertThat(get(longChrome)).isEqualTo(new Classification(Kind.BOT, "ua:oversized"));
  }

  @Test
  void classify_nullMethod_throwsNamingIt() {
    assertThatThrownBy(() -> classifier.classify(null, DESKTOP_CHROME, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
  }

  static Stream<String> hostileAgents() {
    Random random = new Random(42);
    byte[] bytes = new byte[10 * 1024];
    random.nextBytes(bytes);
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    String utf8 = new String(bytes, StandardCharsets.UTF_8);
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append("Mozilla/5.0 (").append(c).append(')');
    }
    return Stream.of(
        latin1,
        utf8,
        latin1.substring(0, ClickClassifier.MAX_AGENT_LENGTH),
        utf8.substring(0, 1000),
        controls.toString(),
        "Mozilla/5.0 (\uD800\uDC00\uDFFF\uD800 lone surrogates)",
        "\u0000",
        "(".repeat(1024),
        ")".repeat(1024),
        "Mozilla/5.0 " + "(".repeat(500) + ")".repeat(500),
        ";".repeat(1024),
        "\uFFFF\uFFFE\uFEFF",
        "💥".repeat(500),
        // Each takes Yauaa over a second: the caller must not wait for it.
        "a/".repeat(512),
        "Mozilla/5.0 (".repeat(78));
  }

  @ParameterizedTest
  @MethodSource("hostileAgents")
  void classify_hostileUserAgent_neverThrowsAndAnswersWithinBudget(String userAgent) {
    Classification classification =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1), () -> impatient.classify("GET", userAgent, null, null));

    assertThat(classification.reason()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("hostileAgents")
  void classify_hostileUserAgentGivenTime_neverThrows(String userAgent) {
    assertThat(get(userAgent).reason()).isNotBlank();
  }

  @Test
  void classify_agentSlowToAnalyze_isUnanalyzedHumanThenItsCachedResult() {
    String slow = "x/1.0 (".repeat(ClickClassifier.MAX_ANALYZED_LENGTH / 7);

    assertThat(impatient.classify("GET", slow, null, null))
        .isEqualTo(new Classification(Kind.HUMAN, "ua:unanalyzed"));
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(impatient.classify("GET", slow, null, null).reason())
                    .isNotEqualTo("ua:unanalyzed"));
  }

  @Test
  void classify_sameAgentFromManyThreads_givesOneAnswer() throws Exception {
    List<String> agents =
        Stream.of(humanAgents(), curatedAgents().map(a -> (String) a.get()[0]))
            .flatMap(s -> s)
            .toList();
    List<Classification> expected = agents.stream().map(this::get).toList();
    ClickClassifier fresh = ClickClassifier.create(Duration.ofMinutes(1));

    List<Future<List<Classification>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> agents.stream().map(a -> fresh.classify("GET", a, null, null)).toList()));
      }
    }
    for (Future<List<Classification>> result : results) {
      assertThat(result.get()).isEqualTo(expected);
    }
  }

  @Test
  void wireName_eachKind_isLowerCaseName() {
    assertThat(Stream.of(Kind.values()).map(Kind::wireName))
        .containsExactly("human", "bot", "prefetch");
  }

  @Test
  void counted_humanAlways_othersOnlyWithCountBots() {
    Classification human = new Classification(Kind.HUMAN, "browser");
    Classification bot = new Classification(Kind.BOT, "ua:empty");
    Classification prefetch = new Classification(Kind.PREFETCH, "head-request");

    assertThat(human.counted(false)).isTrue();
    assertThat(human.counted(true)).isTrue();
    assertThat(bot.counted(false)).isFalse();
    assertThat(bot.counted(true)).isTrue();
    assertThat(prefetch.counted(false)).isFalse();
    assertThat(prefetch.counted(true)).isTrue();
  }

  @Test
  void classification_blankReason_isRejected() {
    assertThatThrownBy(() -> new Classification(Kind.BOT, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason must not be blank");
  }

  @Property(tries = 500)
  void classify_anyHeaders_neverThrowsAndGivesReason(
      @ForAll("methods") String method,
      @ForAll @WithNull(0.1) @StringLength(max = 3000) String userAgent,
      @ForAll @WithNull(0.5) @StringLength(max = 40) String purpose,
      @ForAll @WithNull(0.5) @StringLength(max = 40) String secPurpose) {
    Classification classification = impatient.classify(method, userAgent, purpose, secPurpose);

    assertThat(classification.reason()).isNotBlank();
  }

  @Property(tries = 300)
  void classify_browserAgentWithArbitrarySuffix_neverThrowsAndGivesReason(
      @ForAll("agentsWithNoise") String userAgent) {
    assertThat(impatient.classify("GET", userAgent, null, null).reason()).isNotBlank();
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.oneOf(
        Arbitraries.of("GET", "HEAD", "POST", "OPTIONS", "get", ""), Arbitraries.strings());
  }

  @Provide
  Arbitrary<String> agentsWithNoise() {
    Arbitrary<String> known =
        Arbitraries.of(
            Stream.concat(humanAgents(), crawlers().map(a -> (String) a.get()[0])).toList());
    return Arbitraries.strings()
        .ofMaxLength(200)
        .flatMap(noise -> known.map(agent -> agent + noise));
  }
}
