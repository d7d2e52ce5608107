package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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

  /** Records {@code attempt}, finished at {@code now}, in {@code tx}. */
  void record(Connection tx, Attempt attempt, long now) throws SQLException {
    boolean exists =
        Sql.one(
                tx,
                "SELECT 1 FROM webhook_deliveries WHERE id = ? AND status = 'pending'",
                rs -> true,
                attempt.deliveryId())
            .isPresent();
    if (!exists) {
      return; // deleted with its subscription, or replayed and settled meanwhile
    }
    Sql.update(
        tx,
        "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, http_status,"
            + " latency_ms, error, response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        attempt.deliveryId(),
        attempt.number(),
        attempt.at(),
        attempt.succeeded(),
        attempt.httpStatus(),
        attempt.latencyMillis(),
        attempt.error(),
        attempt.responseBody());
    if (attempt.succeeded()) {
      succeeded(tx, attempt, now);
    } else {
      failed(tx, attempt, now);
    }
  }

  private static void succeeded(Connection tx, Attempt attempt, long now) throws SQLException {
    Sql.update(
        tx,
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, updated_at = ?"
            + " WHERE id = ?",
        attempt.number(),
        now,
        attempt.deliveryId());
    Sql.update(
        tx,
        "UPDATE webhook_subscriptions SET status = 'active', failing_since = NULL"
            + " WHERE id = ? AND status IN ('active', 'failing')",
        attempt.subscriptionId());
  }

  private void failed(Connection tx, Attempt attempt, long now) throws SQLException {
    Integer status = attempt.httpStatus();
    boolean gone = status != null && status == 410;
    Optional<Duration> retryAfter =
        status != null && (status == 429 || status == 503)
            ? RetryPolicy.parseRetryAfter(attempt.retryAfter(), Instant.ofEpochMilli(now))
            : Optional.empty();
    Optional<Duration> delay =
        gone
            ? Optional.empty()
            : policy.nextDelay(attempt.number() - attempt.scheduleStart(), retryAfter);
    if (delay.isPresent()) {
      Sql.update(
          tx,
          "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, updated_at = ?"
              + " WHERE id = ?",
          attempt.number(),
          now + delay.get().toMillis(),
          now,
          attempt.deliveryId());
    } else {
      Sql.update(
          tx,
          "UPDATE webhook_deliveries SET status = 'failed', attempts = ?, updated_at = ?"
              + " WHERE id = ?",
          attempt.number(),
          now,
          attempt.deliveryId());
    }
    if (gone) {
      Sql.update(
          tx,
          "UPDATE webhook_subscriptions SET status = 'failed',"
              + " failing_since = COALESCE(failing_since, ?) WHERE id = ? AND status <> 'paused'",
          now,
          attempt.subscriptionId());
      return;
    }
    Sql.update(
        tx,
        "UPDATE webhook_subscriptions SET status = 'failing',"
            + " failing_since = COALESCE(failing_since, ?)"
            + " WHERE id = ? AND status IN ('active', 'failing')",
        now,
        attempt.subscriptionId());
    disableLongFailing(tx, now);
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
