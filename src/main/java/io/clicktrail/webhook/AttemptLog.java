package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records finished attempts and what follows from them: the delivery is delivered, retried later or
 * failed, and the subscription turns {@code failing}, back to {@code active}, or {@code failed}
 * (after {@code 410 Gone}, or when failing continuously for {@code webhook-disable-after}).
 */
final class AttemptLog {
  private final RetryPolicy policy;
  private final Duration disableAfter;

  AttemptLog(RetryPolicy policy, Duration disableAfter) {
    this.policy = requireNonNull(policy, "policy");
    this.disableAfter = requireNonNull(disableAfter, "disableAfter");
  }

  /** How one subscription's attempts of a batch end. */
  private static final class SubscriptionOutcome {
    boolean succeeded;
    boolean failedSince;
    boolean gone;
  }

  /** Records {@code batch}, in order, finished by {@code now}, in {@code tx}. */
  void record(Connection tx, List<Attempt> batch, long now) throws SQLException {
    Map<String, SubscriptionOutcome> outcomes = new LinkedHashMap<>();
    try (PreparedStatement delivery =
            tx.prepareStatement(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at ="
                    + " COALESCE(?, next_attempt_at), updated_at = ? WHERE id = ? AND status ="
                    + " 'pending'");
        PreparedStatement log =
            tx.prepareStatement(
                "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded,"
                    + " http_status, latency_ms, error, response_body)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Attempt a : batch) {
        Next next = next(a, now);
        delivery.setString(1, next.status());
        delivery.setInt(2, a.number());
        if (next.at() == null) {
          delivery.setNull(3, Types.BIGINT);
        } else {
          delivery.setLong(3, next.at());
        }
        delivery.setLong(4, now);
        delivery.setLong(5, a.deliveryId());
        if (delivery.executeUpdate() == 0) {
          continue; // deleted with its subscription, or settled meanwhile
        }
        addAttempt(log, a);
        SubscriptionOutcome o =
            outcomes.computeIfAbsent(a.subscriptionId(), id -> new SubscriptionOutcome());
        if (a.succeeded()) {
          o.succeeded = true;
          o.failedSince = false;
        } else {
          o.failedSince = true;
          o.gone |= isGone(a);
        }
      }
      log.executeBatch();
    }
    for (Map.Entry<String, SubscriptionOutcome> e : outcomes.entrySet()) {
      updateSubscription(tx, e.getKey(), e.getValue(), now);
    }
    disableLongFailing(tx, now);
  }

  /** The delivery's state after an attempt: its status and, when retried, when. */
  private record Next(String status, @org.jspecify.annotations.Nullable Long at) {}

  private Next next(Attempt a, long now) {
    if (a.succeeded()) {
      return new Next("delivered", null);
    }
    Integer status = a.httpStatus();
    Optional<Duration> retryAfter =
        status != null && (status == 429 || status == 503)
            ? RetryPolicy.parseRetryAfter(a.retryAfter(), Instant.ofEpochMilli(now))
            : Optional.empty();
    Optional<Duration> delay =
        isGone(a) ? Optional.empty() : policy.nextDelay(a.number() - a.scheduleStart(), retryAfter);
    return delay
        .map(d -> new Next("pending", now + d.toMillis()))
        .orElseGet(() -> new Next("failed", null));
  }

  private static boolean isGone(Attempt a) {
    return a.httpStatus() != null && a.httpStatus() == 410;
  }

  private static void addAttempt(PreparedStatement log, Attempt a) throws SQLException {
    log.setLong(1, a.deliveryId());
    log.setInt(2, a.number());
    log.setLong(3, a.at());
    log.setBoolean(4, a.succeeded());
    if (a.httpStatus() == null) {
      log.setNull(5, Types.INTEGER);
    } else {
      log.setInt(5, a.httpStatus());
    }
    log.setLong(6, a.latencyMillis());
    log.setString(7, a.error());
    log.setString(8, a.responseBody());
    log.addBatch();
  }

  private static void updateSubscription(Connection tx, String id, SubscriptionOutcome o, long now)
      throws SQLException {
    if (o.succeeded) {
      Sql.update(
          tx,
          "UPDATE webhook_subscriptions SET status = 'active', failing_since = NULL"
              + " WHERE id = ? AND status IN ('active', 'failing')"
              + " AND (status <> 'active' OR failing_since IS NOT NULL)",
          id);
    }
    if (o.gone) {
      Sql.update(
          tx,
          "UPDATE webhook_subscriptions SET status = 'failed',"
              + " failing_since = COALESCE(failing_since, ?) WHERE id = ? AND status <> 'paused'",
          now,
          id);
    } else if (o.failedSince) {
      Sql.update(
          tx,
          "UPDATE webhook_subscriptions SET status = 'failing',"
              + " failing_since = COALESCE(failing_since, ?)"
              + " WHERE id = ? AND status IN ('active', 'failing')",
          now,
          id);
    }
  }

  /** Turns subscriptions failing continuously for {@code webhook-disable-after} to failed. */
  int disableLongFailing(Connection tx, long now) throws SQLException {
    return Sql.update(
        tx,
        "UPDATE webhook_subscriptions SET status = 'failed'"
            + " WHERE status = 'failing' AND failing_since <= ?",
        now - disableAfter.toMillis());
  }
}
