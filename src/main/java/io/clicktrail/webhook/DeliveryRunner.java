package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import io.clicktrail.store.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued deliveries, on one thread that owns the in-flight bookkeeping; an {@link
 * AttemptRecorder} writes the outcomes on another, so sending never waits for the store's writer.
 *
 * <p>Each loop starts the deliveries that are due, at most {@value #IN_FLIGHT_PER_SUBSCRIPTION}
 * attempts in flight per subscription, so a slow or dead receiver holds only its own slots.
 * Requests are asynchronous; a delivery stays {@code pending} in the store until its attempt is
 * recorded and is not picked again before that, so a crash at any point leads to the same delivery,
 * with the same webhook id, being attempted again.
 *
 * <p>Due times are read from the injected clock; the loop itself polls every {@value #POLL_MILLIS}
 * ms of real time and whenever woken.
 */
public final class DeliveryRunner implements AutoCloseable {
  /** How many attempts of one subscription may be in flight at once. */
  public static final int IN_FLIGHT_PER_SUBSCRIPTION = 16;

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryRunner.class);
  private static final long POLL_MILLIS = 25;
  private static final long MAX_IDLE_MILLIS = 1000;

  private final Store store;
  private final WebhookClient client;
  private final Duration timeout;
  private final InstantSource clock;
  private final Counter delivered;
  private final Counter failedAttempts;
  private final Semaphore signal = new Semaphore(0);
  private final AttemptRecorder recorder;

  /** Attempts the recorder has committed, to be released from {@link #inFlightDeliveries}. */
  private final ConcurrentLinkedQueue<Attempt> recorded = new ConcurrentLinkedQueue<>();

  /** Subscriptions of attempts that ended, one entry per attempt, not yet freed from the cap. */
  private final ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();

  private final Map<String, Integer> inFlight = new HashMap<>();
  private final Set<Long> inFlightDeliveries = new HashSet<>();

  /** Subscriptions with nothing due for a while; cleared when woken. */
  private final Map<String, Idle> idleUntil = new HashMap<>();

  /** Per subscription, the last delivery handed out in the current walk; see {@link #due}. */
  private final Map<String, Cursor> cursors = new HashMap<>();

  /**
   * Nothing is due before {@code clockMillis} (the injected clock), and this is trusted until
   * {@code realNanos} (real time) at most, so a wake-up that raced with the read costs little.
   */
  private record Idle(long clockMillis, long realNanos) {
    boolean holds(long now) {
      return now < clockMillis && System.nanoTime() - realNanos < 0;
    }
  }

  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean woken;

  public DeliveryRunner(
      Store store,
      WebhookClient client,
      RetryPolicy policy,
      Duration timeout,
      Duration disableAfter,
      InstantSource clock,
      MeterRegistry metrics) {
    this.store = requireNonNull(store, "store");
    this.client = requireNonNull(client, "client");
    this.recorder =
        new AttemptRecorder(
            store,
            new AttemptLog(policy, disableAfter),
            clock,
            batch -> {
              recorded.addAll(batch);
              signal.release();
            });
    this.timeout = requireNonNull(timeout, "timeout");
    this.clock = requireNonNull(clock, "clock");
    this.delivered =
        Counter.builder("clicktrail.webhook.attempts")
            .tag("outcome", "delivered")
            .register(metrics);
    this.failedAttempts =
        Counter.builder("clicktrail.webhook.attempts").tag("outcome", "failed").register(metrics);
    this.thread = Thread.ofPlatform().name("webhook-deliveries").unstarted(this::run);
  }

  /** Starts the loop. */
  public void start() {
    recorder.start();
    thread.start();
  }

  /** Tells the loop that deliveries may have become due (queued, replayed, re-activated). */
  public void wake() {
    woken = true;
    signal.release();
  }

  private void run() {
    while (running) {
      try {
        if (woken) {
          woken = false;
          idleUntil.clear();
          cursors.clear(); // a replay can make deliveries due before a cursor
        }
        freeAnswered();
        releaseRecorded();
        startDue();
        signal.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        signal.drainPermits();
      } catch (StoreUnavailableException e) {
        LOG.warn("webhook deliveries cannot reach the store, retrying: {}", e.getMessage());
        pause();
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("webhook delivery loop failed, continuing: {}", e.toString());
        pause();
      }
    }
  }

  /**
   * Frees the in-flight slots of attempts that got their answer (or gave up): the cap bounds
   * connections to a receiver, and recording the outcome needs none.
   */
  private void freeAnswered() {
    for (String id = answered.poll(); id != null; id = answered.poll()) {
      inFlight.merge(id, -1, Integer::sum);
    }
  }

  /** Deliveries whose attempt is in the store may be picked again (when due). */
  private void releaseRecorded() {
    for (Attempt a = recorded.poll(); a != null; a = recorded.poll()) {
      inFlightDeliveries.remove(a.deliveryId());
      idleUntil.remove(a.subscriptionId());
      (a.succeeded() ? delivered : failedAttempts).increment();
    }
  }

  /** A subscription that may be sent to, with what signing needs. */
  private record Target(String id, URI url, Format format, String secret, String appSecret) {}

  /** A due delivery. */
  private record Due(
      long id,
      String webhookId,
      int attempts,
      int scheduleStart,
      long createdAt,
      String notice,
      long nextAttemptAt) {}

  /** Where a subscription's walk over its due deliveries stands. */
  private record Cursor(long nextAttemptAt, long id) {
    static final Cursor START = new Cursor(Long.MIN_VALUE, Long.MIN_VALUE);
  }

  private void startDue() {
    long now = clock.millis();
    List<Target> targets = store.read(DeliveryRunner::targets);
    for (Target target : targets) {
      int room = IN_FLIGHT_PER_SUBSCRIPTION - inFlight.getOrDefault(target.id(), 0);
      Idle idle = idleUntil.get(target.id());
      if (room <= 0 || (idle != null && idle.holds(now))) {
        continue;
      }
      Cursor after = cursors.getOrDefault(target.id(), Cursor.START);
      List<Due> due = store.read(c -> due(c, target.id(), now, after, room));
      int started = 0;
      for (Due d : due) {
        if (inFlightDeliveries.add(d.id())) {
          send(target, d);
          started++;
        }
      }
      inFlight.merge(target.id(), started, Integer::sum);
      if (due.size() == room) {
        Due last = due.get(due.size() - 1);
        cursors.put(target.id(), new Cursor(last.nextAttemptAt(), last.id()));
      } else {
        // the end of what is due: the next pass starts over (skipping what is still in flight)
        cursors.remove(target.id());
        long next = store.read(c -> nextDue(c, target.id()));
        idleUntil.put(
            target.id(),
            new Idle(next, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS)));
      }
    }
  }

  private void send(Target target, Due d) {
    long at = clock.millis();
    int number = d.attempts() + 1;
    Payload payload;
    try {
      Notice notice = NoticeCodec.decode(d.notice());
      payload =
          WireFormats.render(
              target.format(),
              notice,
              new Outgoing(
                  d.webhookId(),
                  number,
                  Instant.ofEpochMilli(d.createdAt()),
                  Instant.ofEpochMilli(at),
                  target.secret(),
                  target.appSecret()));
    } catch (RuntimeException e) {
      LOG.error("webhook {} cannot be rendered: {}", d.webhookId(), e.toString());
      finish(
          new Attempt(
              d.id(),
              target.id(),
              number,
              d.scheduleStart(),
              at,
              null,
              0,
              "cannot render: " + e.getMessage(),
              "",
              null));
      return;
    }
    client
        .send("POST", target.url(), payload.headers(), payload.body(), timeout)
        .thenAccept(
            exchange ->
                finish(
                    new Attempt(
                        d.id(),
                        target.id(),
                        number,
                        d.scheduleStart(),
                        at,
                        exchange.status() == 0 ? null : exchange.status(),
                        exchange.latencyMillis(),
                        exchange.error(),
                        exchange.body(),
                        exchange.retryAfter())));
  }

  private void finish(Attempt attempt) {
    answered.add(attempt.subscriptionId());
    recorder.add(attempt);
    signal.release();
  }

  private static List<Target> targets(Connection c) throws SQLException {
    return Sql.list(
        c,
        "SELECT s.id, s.url, s.format, s.secret, a.app_secret FROM webhook_subscriptions s"
            + " JOIN accounts a ON a.id = s.account_id WHERE s.status IN ('active', 'failing')",
        rs ->
            new Target(
                rs.getString(1),
                URI.create(rs.getString(2)),
                Format.parse(rs.getString(3)).orElseThrow(),
                rs.getString(4),
                rs.getString(5)));
  }

  /**
   * Due deliveries after {@code after} in (due time, id) order. Attempts in flight keep their due
   * time until recorded and a retry is always due later than now, so walking forward from the last
   * delivery handed out never re-reads what is in flight and never skips a new one.
   */
  private static List<Due> due(
      Connection c, String subscriptionId, long now, Cursor after, int limit) throws SQLException {
    return Sql.list(
        c,
        "SELECT d.id, d.webhook_id, d.attempts, d.schedule_start, d.created_at, e.notice,"
            + " d.next_attempt_at FROM webhook_deliveries d"
            + " JOIN webhook_events e ON e.id = d.event_id"
            + " WHERE d.subscription_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?"
            + " AND (d.next_attempt_at, d.id) > (?, ?)"
            + " ORDER BY d.next_attempt_at, d.id LIMIT ?",
        rs ->
            new Due(
                rs.getLong(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getLong(7)),
        subscriptionId,
        now,
        after.nextAttemptAt(),
        after.id(),
        limit);
  }

  private static long nextDue(Connection c, String subscriptionId) throws SQLException {
    return Sql.one(
            c,
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries"
                + " WHERE subscription_id = ? AND status = 'pending'",
            rs -> rs.getObject(1) == null ? Long.MAX_VALUE : rs.getLong(1),
            subscriptionId)
        .orElse(Long.MAX_VALUE);
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops starting attempts; attempts in flight are abandoned and retried after a restart. */
  @Override
  public void close() {
    running = false;
    signal.release();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    recorder.close();
  }
}
