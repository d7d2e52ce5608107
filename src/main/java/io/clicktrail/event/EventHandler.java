package io.clicktrail.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A consumer of the event log: applies a batch of events to its read models inside the store
 * transaction that also records its new position, so a batch takes effect exactly once.
 */
@FunctionalInterface
public interface EventHandler {
  /**
   * Applies {@code batch} (in log order) using {@code tx}. Must be idempotent per event: an event
   * may be offered again after a crash in another log implementation.
   */
  void handle(Connection tx, List<LoggedEvent> batch) throws SQLException;

  /**
   * Whether this handler does anything with events of {@code type}. Events of other types are
   * neither decoded nor offered to it, and a batch of nothing else moves its position without a
   * transaction (saved at most once a second; after a crash it reads those events again and passes
   * over them again). Every type by default.
   */
  default boolean handles(Class<? extends Event> type) {
    return true;
  }

  /**
   * Called after a transaction in which {@link #handle} ran has committed, on the consumer's
   * thread: the place to tell others about what {@code handle} wrote (it is not visible before).
   */
  default void committed() {}
}
