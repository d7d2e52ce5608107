package io.clicktrail.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, ordered log every fact enters through.
 *
 * <p>Two implementations: {@link SqliteEventLog} (a table in the embedded store) and a Kafka topic
 * partitioned by message id for scaled-out deployments.
 */
public interface EventLog extends AutoCloseable {

  /**
   * Appends {@code event}. Appends are group-committed: many share one durable write. The future
   * completes once the event is durable, or exceptionally (with {@link
   * io.clicktrail.store.StoreUnavailableException} or {@link IllegalStateException} after close)
   * when it could not be written.
   */
  CompletableFuture<Void> append(Event event);

  /**
   * Appends {@code event} as part of the caller's store transaction (an outbox): the event is in
   * the log if and only if that transaction commits.
   */
  void appendInTransaction(Connection tx, Event event) throws SQLException;

  /**
   * Starts delivering the log to {@code handler} under the durable consumer name {@code consumer},
   * from the position that consumer last committed. Call before {@link #start()}.
   */
  void subscribe(String consumer, EventHandler handler);

  /**
   * Like {@link #subscribe(String, EventHandler)}, but offers {@code handler} an event only after
   * the consumer {@code after} has committed it, so the handler can read what that consumer's read
   * models say as of the event. {@code after} must be subscribed first.
   */
  void subscribeAfter(String consumer, String after, EventHandler handler);

  /** Starts the appender and every subscribed consumer. */
  void start();

  /** How many appended events the slowest consumer has not yet committed. */
  long lag();

  /** Whether appends are being accepted and written. */
  boolean healthy();

  /** Stops accepting appends, writes everything already accepted, then stops the consumers. */
  @Override
  void close();
}
