package io.clicktrail.track;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;
import static java.util.concurrent.CompletableFuture.completedFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clicktrail.track.Classification.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies each request on a tracked link or open pixel as {@code human}, {@code bot} or {@code
 * prefetch}, with the reason of the first rule that matched. Rules, in order:
 *
 * <ol>
 *   <li>{@code HEAD} method: prefetch {@code head-request};
 *   <li>{@code Purpose} or {@code Sec-Purpose} naming {@code prefetch} (also {@code
 *       prefetch;prerender}): prefetch {@code purpose-prefetch};
 *   <li>no user agent, or only whitespace: bot {@code ua:empty};
 *   <li>a user agent longer than {@value #MAX_AGENT_LENGTH} characters: bot {@code ua:oversized};
 *   <li>the curated link-preview, mail-scanner and mail-proxy table ({@link KnownAgents}): bot
 *       {@code ua:whatsapp-preview}, {@code ua:apple-mail-proxy}, …;
 *   <li>the default user agent of an HTTP library or command-line tool: bot {@code
 *       ua:http-client:<name>}, e.g. {@code ua:http-client:curl};
 *   <li>what the Yauaa user-agent analyzer calls a robot, crawler, hacker, cloud fetcher or unknown
 *       special agent: bot {@code ua:robot:<agent name>}, e.g. {@code ua:robot:googlebot}; a user
 *       agent the analyzer fails on: bot {@code ua:unparsable};
 *   <li>otherwise human {@code browser}.
 * </ol>
 *
 * <p>HTTP clients are checked before Yauaa although Yauaa also knows them as robots: the check is a
 * set lookup on the first token, and it gives these common clients a stable, specific reason.
 *
 * <p>Instances are safe for concurrent use and never throw for any header values. Each holds a
 * bounded cache of user agent to classification, so a user agent seen before costs a map lookup. A
 * new user agent that no table names goes to one analyzer thread shared by the whole JVM (Yauaa
 * serializes its parses anyway). Yauaa usually needs well under a millisecond, but crafted user
 * agents of a few hundred characters take seconds, so the analyzer reads at most the first {@value
 * #MAX_ANALYZED_LENGTH} characters and the caller waits at most its time budget (50 ms by default).
 * When the budget runs out or the analyzer's queue is full, the request is classified human with
 * reason {@code ua:unanalyzed} and not cached; the analysis still finishes in the background and
 * its result is cached for the next request with that user agent. Falling back to human means an
 * overloaded or attacked analyzer never turns people's clicks into bots; a client could claim to be
 * a browser anyway.
 */
public final class ClickClassifier {

  /** User agents longer than this many characters are classified without reading them. */
  static final int MAX_AGENT_LENGTH = 1024;

  /** Yauaa reads at most this many leading characters; its cost grows steeply with length. */
  static final int MAX_ANALYZED_LENGTH = 512;

  private static final Duration DEFAULT_BUDGET = Duration.ofMillis(50);

  /** Bounds the cache by the total length of its keys: about 4 MB of user agents at most. */
  private static final long CACHE_MAX_CHARS = 4_000_000;

  private static final Logger log = LoggerFactory.getLogger(ClickClassifier.class);

  private static final Classification HEAD_REQUEST =
      new Classification(Kind.PREFETCH, "head-request");
  private static final Classification PURPOSE_PREFETCH =
      new Classification(Kind.PREFETCH, "purpose-prefetch");
  private static final Classification EMPTY = new Classification(Kind.BOT, "ua:empty");
  private static final Classification OVERSIZED = new Classification(Kind.BOT, "ua:oversized");
  private static final Classification UNPARSABLE = new Classification(Kind.BOT, "ua:unparsable");
  private static final Classification UNANALYZED = new Classification(Kind.HUMAN, "ua:unanalyzed");
  private static final Classification BROWSER = new Classification(Kind.HUMAN, "browser");

  private static final Set<String> ROBOT_DEVICE_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Cloud", "Spy");
  private static final Set<String> ROBOT_AGENT_CLASSES =
      Set.of("Robot", "Robot Mobile", "Hacker", "Cloud Application", "Testclient");

  private static final int MAX_NAME_LENGTH = 40;

  private final SharedAnalyzer analyzer;
  private final long budgetNanos;
  private final AsyncCache<String, Classification> byAgent;

  private ClickClassifier(SharedAnalyzer analyzer, Duration budget) {
    this.analyzer = analyzer;
    this.budgetNanos = budget.toNanos();
    this.byAgent =
        Caffeine.newBuilder()
            .maximumWeight(CACHE_MAX_CHARS)
            .weigher((String agent, Classification classification) -> agent.length())
            .buildAsync();
  }

  /**
   * Returns a classifier with its own empty cache over the JVM's shared analyzer. The first call
   * builds that analyzer, which takes seconds and retains about 110 MB of heap; later calls are
   * cheap.
   *
   * @throws LinkageError if the analyzer cannot be built, e.g. its logging API is missing from the
   *     classpath; every later call fails the same way
   */
  public static ClickClassifier create() {
    return create(DEFAULT_BUDGET);
  }

  /** Returns a classifier whose callers wait up to {@code budget} for the analyzer. */
  static ClickClassifier create(Duration budget) {
    requireNonNull(budget, "budget");
    if (budget.isNegative()) {
      throw new IllegalArgumentException("budget " + budget + " must not be negative");
    }
    return new ClickClassifier(SharedAnalyzer.INSTANCE, budget);
  }

  /**
   * Classifies one request. Returns at once for a user agent seen before; otherwise waits at most
   * this classifier's budget.
   *
   * @param method the HTTP method as received, e.g. {@code GET}
   * @param userAgent the {@code User-Agent} header, null when absent
   * @param purpose the raw {@code Purpose} header, null when absent
   * @param secPurpose the raw {@code Sec-Purpose} header, null when absent
   * @throws NullPointerException if {@code method} is null
   */
  public Classification classify(
      String method,
      @Nullable String userAgent,
      @Nullable String purpose,
      @Nullable String secPurpose) {
    requireNonNull(method, "method");
    if (method.equals("HEAD")) {
      return HEAD_REQUEST;
    }
    if (namesPrefetch(purpose) || namesPrefetch(secPurpose)) {
      return PURPOSE_PREFETCH;
    }
    if (userAgent == null) {
      return EMPTY;
    }
    String agent = userAgent.strip();
    if (agent.isEmpty()) {
      return EMPTY;
    }
    if (agent.length() > MAX_AGENT_LENGTH) {
      return OVERSIZED;
    }
    CompletableFuture<Classification> classification =
        byAgent.get(agent, (key, unused) -> classifyAgent(key));
    try {
      return classification.get(budgetNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | CancellationException | ExecutionException e) {
      // Over budget, or the analyzer's queue was full; the click records ua:unanalyzed.
      return UNANALYZED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNANALYZED;
    }
  }

  private CompletableFuture<Classification> classifyAgent(String agent) {
    String lower = agent.toLowerCase(Locale.ROOT);
    String known = KnownAgents.reasonFor(lower);
    if (known != null) {
      return completedFuture(new Classification(Kind.BOT, known));
    }
    String httpClient = KnownAgents.httpClientReason(lower);
    if (httpClient != null) {
      return completedFuture(new Classification(Kind.BOT, httpClient));
    }
    try {
      return CompletableFuture.supplyAsync(() -> analyzer.classify(agent), analyzer.worker);
    } catch (RejectedExecutionException e) {
      // The cache drops a cancelled future without logging it, so the agent is analyzed again
      // next time and a flood of new agents does not flood the log.
      CompletableFuture<Classification> rejected = new CompletableFuture<>();
      rejected.cancel(false);
      return rejected;
    }
  }

  /** Tells whether a {@code Purpose}/{@code Sec-Purpose} list has a {@code prefetch} item. */
  private static boolean namesPrefetch(@Nullable String header) {
    if (header == null) {
      return false;
    }
    for (String item : header.split(",", -1)) {
      int parameters = item.indexOf(';');
      String token = parameters < 0 ? item : item.substring(0, parameters);
      if (token.strip().equalsIgnoreCase("prefetch")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The JVM's one Yauaa analyzer and the one thread that runs it, built by the first {@link
   * #create()}; class initialization makes that safe. Both live as long as the JVM; the thread is a
   * daemon and never stops the JVM from exiting.
   */
  private static final class SharedAnalyzer {

    private static final int QUEUE_CAPACITY = 256;

    /** Deeply nested user agents recurse deeply in Yauaa's ANTLR parser. */
    private static final long WORKER_STACK_BYTES = 16L << 20;

    private static final List<String> WARM_UP =
        List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                + " like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

    private static final int WARM_UP_ROUNDS = 10;

    // Declared after the constants the constructor reads: static fields initialize in order.
    static final SharedAnalyzer INSTANCE = new SharedAnalyzer();

    private final UserAgentAnalyzer yauaa;
    private final ExecutorService worker;

    private SharedAnalyzer() {
      yauaa =
          UserAgentAnalyzer.newBuilder()
              .hideMatcherLoadStats()
              .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME)
              // Each ClickClassifier caches whole classifications; a cache here would hold larger
              // parse results for the same keys.
              .withoutCache()
              .withUserAgentMaxLength(MAX_ANALYZED_LENGTH)
              .dropTests()
              .immediateInitialization()
              .build();
      // The first parses run cold and slow; pay for them here rather than on a first click.
      for (int round = 0; round < WARM_UP_ROUNDS; round++) {
        for (String agent : WARM_UP) {
          classify(agent + " " + round);
        }
      }
      worker =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(QUEUE_CAPACITY),
              task -> {
                Thread thread =
                    new Thread(null, task, "clicktrail-ua-analyzer", WORKER_STACK_BYTES);
                thread.setDaemon(true);
                return thread;
              });
    }

    /** Classifies with Yauaa alone; runs on the worker thread. */
    Classification classify(String agent) {
      String input =
          agent.length() > MAX_ANALYZED_LENGTH ? agent.substring(0, MAX_ANALYZED_LENGTH) : agent;
      UserAgent parsed;
      try {
        parsed = yauaa.parse(input);
      } catch (RuntimeException | StackOverflowError e) {
        // Yauaa resets its state at the start of every parse, so the analyzer stays usable.
        log.warn("user agent of {} characters could not be analyzed", agent.length(), e);
        return UNPARSABLE;
      }
      return isRobot(parsed)
          ? new Classification(Kind.BOT, "ua:robot:" + slug(parsed.getValue(UserAgent.AGENT_NAME)))
          : BROWSER;
    }

    private static boolean isRobot(UserAgent parsed) {
      String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
      String agentClass = parsed.getValue(UserAgent.AGENT_CLASS);
      // "Special" covers odd non-browser agents (scanners, probes) but also a few real mail apps
      // such as Android-Mail; only the ones on no known device are bots.
      return ROBOT_DEVICE_CLASSES.contains(deviceClass)
          || ROBOT_AGENT_CLASSES.contains(agentClass)
          || ("Special".equals(agentClass) && "Unknown".equals(deviceClass));
    }

    /** Lower-cases a free-text agent name into a short {@code a-z0-9-} token for the reason. */
    private static String slug(@Nullable String name) {
      String lower = requireNonNullElse(name, "").toLowerCase(Locale.ROOT);
      StringBuilder slug = new StringBuilder(MAX_NAME_LENGTH);
      for (int i = 0; i < lower.length() && slug.length() < MAX_NAME_LENGTH; i++) {
        char c = lower.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
          slug.append(c);
        } else if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '-') {
          slug.append('-');
        }
      }
      while (slug.length() > 0 && slug.charAt(slug.length() - 1) == '-') {
        slug.setLength(slug.length() - 1);
      }
      return slug.length() == 0 ? "unknown" : slug.toString();
    }
  }
}
