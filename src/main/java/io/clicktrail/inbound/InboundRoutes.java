package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.clicktrail.account.Account;
import io.clicktrail.account.Accounts;
import io.clicktrail.event.EventLog;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Router;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The callback URL of an account's Meta app: {@code GET /webhooks/whatsapp/{account_id}} answers
 * the verification handshake, {@code POST} ingests a signed webhook.
 *
 * <p>A POST is answered 200 only once every change of its payload is durable in the event log
 * (group commit), whatever the {@code durability} setting: Meta retries what is not acknowledged,
 * so waiting costs nothing and losing an acknowledged status would be silent. An unknown account
 * and a bad signature get the same 401, so the endpoint does not reveal which accounts exist.
 */
public final class InboundRoutes {
  /** The path of the endpoint. */
  public static final String PATH = "/webhooks/whatsapp/{account_id}";

  /** Meta batches up to 1,000 updates (about 3 MB) in one POST. */
  public static final long MAX_BODY = 4L << 20;

  static final int MAX_CHALLENGE = 1024;
  private static final long APPEND_TIMEOUT_SECONDS = 30;

  private final Accounts accounts;
  private final EventLog log;
  private final InstantSource clock;
  private final Counter accepted;
  private final Counter refused;
  private final Counter malformed;
  private final Counter changes;

  private InboundRoutes(
      Accounts accounts, EventLog log, InstantSource clock, MeterRegistry metrics) {
    this.accounts = accounts;
    this.log = log;
    this.clock = clock;
    this.accepted = outcome(metrics, "accepted");
    this.refused = outcome(metrics, "unauthorized");
    this.malformed = outcome(metrics, "malformed");
    this.changes =
        Counter.builder("clicktrail.inbound.changes")
            .description("changes of accepted WhatsApp webhooks appended to the event log")
            .register(metrics);
  }

  private static Counter outcome(MeterRegistry metrics, String outcome) {
    return Counter.builder("clicktrail.inbound.webhooks")
        .description("WhatsApp webhook POSTs by outcome")
        .tag("outcome", outcome)
        .register(metrics);
  }

  /** Registers both methods of the endpoint. */
  public static void register(
      Router router, Accounts accounts, EventLog log, InstantSource clock, MeterRegistry metrics) {
    InboundRoutes routes =
        new InboundRoutes(
            requireNonNull(accounts, "accounts"),
            requireNonNull(log, "log"),
            requireNonNull(clock, "clock"),
            requireNonNull(metrics, "metrics"));
    router.add("GET", PATH, routes::verify);
    router.add("POST", PATH, MAX_BODY, routes::ingest);
  }

  private ApiResponse verify(ApiRequest req) {
    Optional<Account> account = account(req.path("account_id"));
    String mode = req.query("hub.mode").orElse("");
    String token = req.query("hub.verify_token").orElse("");
    if (!mode.equals("subscribe")
        || account.isEmpty()
        || !MessageDigest.isEqual(
            token.getBytes(UTF_8), account.get().verifyToken().getBytes(UTF_8))) {
      throw ApiException.forbidden("verification failed: hub.mode or hub.verify_token is wrong");
    }
    String challenge = req.query("hub.challenge").orElse("");
    if (challenge.isEmpty() || challenge.length() > MAX_CHALLENGE) {
      throw ApiException.invalid(
          "parameter 'hub.challenge' must be 1 to " + MAX_CHALLENGE + " characters");
    }
    return ApiResponse.text(200, challenge).withHeader("X-Content-Type-Options", "nosniff");
  }

  private ApiResponse ingest(ApiRequest req) {
    byte[] body = req.body();
    Optional<Account> account = account(req.path("account_id"));
    if (account.isEmpty()
        || !HubSignature.verifies(
            req.header(HubSignature.HEADER), account.get().appSecret(), body)) {
      refused.increment();
      throw ApiException.unauthenticated(
          "missing or invalid " + HubSignature.HEADER + " signature for this callback URL");
    }
    List<ParsedChange> parsed;
    try {
      parsed = PayloadParser.parse(body);
    } catch (ApiException e) {
      malformed.increment();
      throw e;
    }
    long now = clock.millis();
    String accountId = account.get().id();
    CompletableFuture<?>[] appends =
        parsed.stream()
            .map(c -> log.append(c.event(accountId, now)))
            .toArray(n -> new CompletableFuture<?>[n]);
    awaitDurable(appends);
    accepted.increment();
    changes.increment(appends.length);
    return ApiResponse.ok(Map.of("success", true));
  }

  private static void awaitDurable(CompletableFuture<?>[] appends) {
    try {
      CompletableFuture.allOf(appends).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Meta retries: whatever part was written is deduplicated when the retry is projected
      throw ApiException.unavailable("the event log did not accept the webhook, retry later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted before the webhook was durable, retry later");
    }
  }

  private Optional<Account> account(String id) {
    return id.length() > PayloadRules.MAX_SHORT ? Optional.empty() : accounts.find(id);
  }
}
