package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads the deliveries of a subscription with their attempts; replays; purges old logs. */
public final class DeliveryLog {
  private final Store store;
  private final InstantSource clock;

  public DeliveryLog(Store store, InstantSource clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * One delivery: one event for one subscription.
   *
   * @param status {@code pending}, {@code delivered} or {@code failed}
   * @param createdTime when it was queued, epoch seconds
   * @param nextAttemptTime when it is attempted next, epoch seconds; null unless pending
   * @param attempts its attempts, oldest first
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Delivery(
      String webhookId,
      String event,
      String subject,
      String status,
      long createdTime,
      @Nullable Long nextAttemptTime,
      List<AttemptView> attempts,
      @JsonIgnore long id,
      @JsonIgnore long eventId) {}

  /**
   * One attempt as the log shows it.
   *
   * @param time when it started, epoch seconds
   * @param httpStatus the receiver's status, null when it did not answer
   * @param error why there was no answer, null when there was one
   * @param responseBody the first 4 KiB of the answer's body
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record AttemptView(
      int attempt,
      long time,
      boolean succeeded,
      @Nullable Integer httpStatus,
      long latencyMs,
      @Nullable String error,
      @Nullable String responseBody) {}

  /**
   * A page of {@code subscriptionId}'s deliveries, newest first, queued before the event {@code
   * beforeEventId} when given, with {@code status} when given (plus one to tell of more).
   */
  public List<Delivery> list(
      String subscriptionId, Optional<String> status, Optional<Long> beforeEventId, int limit) {
    return store.read(
        c -> {
          List<Object> params = new ArrayList<>();
          params.add(subscriptionId);
          StringBuilder where = new StringBuilder("d.subscription_id = ?");
          if (status.isPresent()) {
            where.append(" AND d.status = ?");
            params.add(status.get());
          }
          if (beforeEventId.isPresent()) {
            where.append(" AND d.event_id < ?");
            params.add(beforeEventId.get());
          }
          params.add(limit + 1);
          List<Delivery> deliveries =
              Sql.list(
                  c,
                  "SELECT d.id, d.webhook_id, e.type, e.notice, d.status, d.created_at,"
                      + " d.next_attempt_at, d.event_id FROM webhook_deliveries d"
                      + " JOIN webhook_events e ON e.id = d.event_id WHERE "
                      + where
                      + " ORDER BY d.event_id DESC LIMIT ?",
                  rs -> readDelivery(rs, List.of()),
                  params.toArray());
          return withAttempts(c, deliveries);
        });
  }

  private static Delivery readDelivery(ResultSet rs, List<AttemptView> attempts)
      throws SQLException {
    String status = rs.getString(5);
    return new Delivery(
        rs.getString(2),
        rs.getString(3),
        NoticeCodec.decode(rs.getString(4)).messageId(),
        status,
        rs.getLong(6) / 1000,
        status.equals("pending") ? rs.getLong(7) / 1000 : null,
        attempts,
        rs.getLong(1),
        rs.getLong(8));
  }

  private static List<Delivery> withAttempts(Connection c, List<Delivery> deliveries)
      throws SQLException {
    if (deliveries.isEmpty()) {
      return deliveries;
    }
    String ids =
        deliveries.stream().map(d -> Long.toString(d.id())).collect(Collectors.joining(","));
    Map<Long, List<AttemptView>> byDelivery =
        Sql.list(
                c,
                "SELECT delivery_id, attempt, attempted_at, succeeded, http_status, latency_ms,"
                    + " error, response_body FROM webhook_attempts WHERE delivery_id IN ("
                    + ids
                    + ") ORDER BY delivery_id, id",
                rs ->
                    Map.entry(
                        rs.getLong(1),
                        new AttemptView(
                            rs.getInt(2),
                            rs.getLong(3) / 1000,
                            rs.getBoolean(4),
                            rs.getObject(5) == null ? null : rs.getInt(5),
                            rs.getLong(6),
                            rs.getString(7),
                            rs.getString(8))))
            .stream()
            .collect(
                Collectors.groupingBy(
                    Map.Entry::getKey,
                    Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    return deliveries.stream()
        .map(
            d ->
                new Delivery(
                    d.webhookId(),
                    d.event(),
                    d.subject(),
                    d.status(),
                    d.createdTime(),
                    d.nextAttemptTime(),
                    byDelivery.getOrDefault(d.id(), List.of()),
                    d.id(),
                    d.eventId()))
        .toList();
  }

  /**
   * Queues again, for an attempt now, every failed or not yet delivered delivery of {@code
   * subscriptionId} queued at or after {@code sinceMillis}; each keeps its webhook id and gets a
   * fresh retry schedule. Returns how many were queued.
   */
  public int replay(String subscriptionId, long sinceMillis) {
    long now = clock.millis();
    return store.write(
        tx ->
            Sql.update(
                tx,
                "UPDATE webhook_deliveries SET status = 'pending', schedule_start = attempts,"
                    + " next_attempt_at = ?, updated_at = ? WHERE subscription_id = ?"
                    + " AND status IN ('pending', 'failed') AND created_at >= ?",
                now,
                now,
                subscriptionId,
                sinceMillis));
  }

  /**
   * Deletes the settled deliveries queued before {@code cutoffMillis} with their attempts, and the
   * queued events no delivery refers to any more. Returns how many rows went.
   */
  public int purge(long cutoffMillis) {
    return store.write(
        tx ->
            Sql.update(
                    tx,
                    "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM"
                        + " webhook_deliveries WHERE status <> 'pending' AND created_at < ?)",
                    cutoffMillis)
                + Sql.update(
                    tx,
                    "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?",
                    cutoffMillis)
                + Sql.update(
                    tx,
                    "DELETE FROM webhook_events WHERE created_at < ?"
                        + " AND id NOT IN (SELECT event_id FROM webhook_deliveries)",
                    cutoffMillis));
  }
}
