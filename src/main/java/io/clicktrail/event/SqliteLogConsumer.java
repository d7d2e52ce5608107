package io.clicktrail.event;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import io.clicktrail.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named consumer of the embedded log, on its own thread: reads a batch after its committed
 * position, hands it to the handler in a store transaction that also stores the new position.
 *
 * <p>A batch that fails is retried event by event; an event that fails on its own is logged with
 * its position and skipped, so one bad event never stops the consumer. When the store is
 * unavailable the consumer backs off and retries the same batch. A failure reported as the store
 * being unavailable counts as an outage only while the store refuses a trivial write too: a handler
 * whose SQL fails for one event (a bad value, say) reports it the same way, and must not stall the
 * consumer on that event forever.
 */
final class SqliteLogConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteLogConsumer.class);
  private static final int MAX_BATCH = 1000;
  private static final long IDLE_POLL_MILLIS = 50;

  private final String name;
  private final EventHandler handler;
  private final Store log;
  private final Store store;
  private final Semaphore signal = new Semaphore(0);
  private final LongSupplier ceiling;
  private final Thread thread;
  private final List<Runnable> afterCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  private volatile long position;

  /**
   * Reads from {@code log}; applies to and commits its position in {@code store}; never reads past
   * the position {@code ceiling} gives (another consumer's, when this one must follow it).
   */
  SqliteLogConsumer(
      String name, EventHandler handler, Store log, Store store, LongSupplier ceiling) {
    this.log = log;
    this.ceiling = ceiling;
    this.name = name;
    this.handler = handler;
    this.store = store;
    this.position = store.read(this::loadPosition);
    this.thread = Thread.ofPlatform().name("consumer-" + name).unstarted(this::run);
  }

  String name() {
    return name;
  }

  /** Runs {@code action} after each commit that moved this consumer's position. */
  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  void start() {
    thread.start();
  }

  void wake() {
    signal.release();
  }

  long position() {
    return position;
  }

  void stop() {
    running = false;
    wake();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        long upTo = ceiling.getAsLong();
        Batch batch =
            upTo <= position
                ? new Batch(List.of(), position)
                : log.read(c -> readAfter(c, position, upTo));
        if (batch.last() == position) {
          signal.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
          signal.drainPermits();
          continue;
        }
        apply(batch);
      } catch (StoreUnavailableException e) {
        LOG.warn("consumer {} cannot reach the store, retrying: {}", name, e.getMessage());
        pause(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Events read after a position; {@code last} also covers rows that did not decode. */
  private record Batch(List<LoggedEvent> events, long last) {}

  private void apply(Batch batch) {
    try {
      commit(batch.events(), batch.last());
    } catch (RuntimeException batchFailure) {
      rethrowIfOutage(batchFailure);
      for (LoggedEvent event : batch.events()) {
        try {
          commit(List.of(event), event.position());
        } catch (RuntimeException e) {
          rethrowIfOutage(e);
          LOG.error(
              "consumer {} skipped event at position {} ({}): {}",
              name,
              event.position(),
              EventCodec.typeOf(event.event()),
              e.toString());
          commit(List.of(), event.position());
        }
      }
      commit(List.of(), batch.last());
    }
  }

  /** Rethrows {@code failure} when the store is down, so the run loop backs off and retries. */
  private void rethrowIfOutage(RuntimeException failure) {
    if (failure instanceof StoreUnavailableException outage && !store.writable()) {
      throw outage;
    }
  }

  private void commit(List<LoggedEvent> events, long last) {
    if (last <= position) {
      return;
    }
    store.write(
        tx -> {
          if (!events.isEmpty()) {
            handler.handle(tx, events);
          }
          savePosition(tx, last);
          return null;
        });
    position = last;
    if (!events.isEmpty()) {
      handler.committed();
    }
    afterCommit.forEach(Runnable::run);
  }

  private long loadPosition(Connection c) throws SQLException {
    return Sql.one(
            c,
            "SELECT position FROM consumer_positions WHERE consumer = ?",
            rs -> rs.getLong(1),
            name)
        .orElse(0L);
  }

  private void savePosition(Connection tx, long newPosition) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO consumer_positions (consumer, position) VALUES (?, ?) "
            + "ON CONFLICT (consumer) DO UPDATE SET position = excluded.position",
        name,
        newPosition);
  }

  private static Batch readAfter(Connection c, long after, long upTo) throws SQLException {
    List<LoggedEvent> events = new ArrayList<>();
    long last = after;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, type, body FROM event_log WHERE seq > ? AND seq <= ? ORDER BY seq"
                + " LIMIT ?")) {
      s.setLong(1, after);
      s.setLong(2, upTo);
      s.setInt(3, MAX_BATCH);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          last = rs.getLong(1);
          try {
            events.add(new LoggedEvent(last, EventCodec.decode(rs.getString(2), rs.getString(3))));
          } catch (IllegalArgumentException e) {
            LOG.error(
                "event at position {} does not decode and is skipped: {}", last, e.getMessage());
          }
        }
      }
    }
    return new Batch(events, last);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
