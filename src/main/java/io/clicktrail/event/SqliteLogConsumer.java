package io.clicktrail.event;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import io.clicktrail.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named consumer of the embedded log, on its own thread: takes a batch after its committed
 * position ({@link ConsumerBatches}), hands it to the handler in a store transaction that also
 * stores the new position, and waits a little before the next when the log is busy ({@link
 * #pauseAfter}).
 *
 * <p>Events of types the handler does not {@linkplain EventHandler#handles handle} are not decoded;
 * a batch of nothing else moves the position in memory only, and that position is saved at most
 * once every {@link #PASSED_OVER_SAVE_NANOS} (and on stop). Six consumers that ignore clicks would
 * otherwise each commit a transaction per batch of clicks, beside the redirect's hot path. After a
 * crash such a consumer reads those events again and passes over them again; consumers that follow
 * it ({@link SqliteEventLog#subscribeAfter}) read its position in memory, which is sound because
 * the events it passed over changed none of its read models.
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

  private static final long IDLE_POLL_MILLIS = 50;
  private static final long PASSED_OVER_SAVE_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long PASS_OVER_PAUSE_MILLIS = 20;

  /**
   * A consumer that has caught up after handling a batch of at least {@value #GATHER_ABOVE} rows
   * waits {@value #GATHER_MILLIS} ms before reading again, so that the next batch gathers what
   * arrives meanwhile. Under a click storm the log grows by one small group commit every few
   * milliseconds; a projector that read each group as it came committed a transaction (and an
   * fsync) per group, and redid its per-message reads and writes for every few clicks. Smaller
   * batches than this mean a quiet log, and are handled as soon as they arrive.
   */
  static final int GATHER_ABOVE = 16;

  static final long GATHER_MILLIS = 50;

  private final String name;
  private final EventHandler handler;
  private final ConsumerBatches batches;
  private final Store store;
  private final Semaphore signal = new Semaphore(0);
  private final LongSupplier ceiling;
  private final Thread thread;
  private final List<Runnable> afterCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  private volatile long position;

  /**
   * The position stored in {@code consumer_positions}; behind {@link #position} when passing over.
   */
  private long saved;

  private long savedAtNanos = System.nanoTime();

  /**
   * Reads from {@code log}; applies to and commits its position in {@code store}; never reads past
   * the position {@code ceiling} gives (another consumer's, when this one must follow it).
   */
  SqliteLogConsumer(
      String name,
      EventHandler handler,
      Store log,
      RecentEvents recent,
      Store store,
      LongSupplier ceiling) {
    this.batches = new ConsumerBatches(handler, log, recent);
    this.ceiling = ceiling;
    this.name = name;
    this.handler = handler;
    this.store = store;
    this.position = store.read(this::loadPosition);
    this.saved = position;
    this.thread = Thread.ofPlatform().name("consumer-" + name).unstarted(this::run);
  }

  String name() {
    return name;
  }

  /**
   * Runs {@code action} after each move of this consumer's position: a commit, or passing over
   * events its handler does not take.
   */
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
    if (!thread.isAlive()) {
      try {
        savePassedOver();
      } catch (RuntimeException e) {
        LOG.warn("consumer {} could not save its position on stop: {}", name, e.toString());
      }
    }
  }

  private void run() {
    while (running) {
      try {
        long upTo = ceiling.getAsLong();
        ConsumerBatches.Batch batch =
            upTo <= position ? ConsumerBatches.Batch.none(position) : batches.next(position, upTo);
        if (batch.last() == position) {
          if (saved < position) {
            savePassedOver(); // idle: nothing is gained by waiting to save it
          }
          signal.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
          signal.drainPermits();
          continue;
        }
        apply(batch);
        long pause = pauseAfter(batch.rows(), batch.events().size(), batch.full());
        if (pause > 0) {
          Thread.sleep(pause);
        }
      } catch (StoreUnavailableException e) {
        LOG.warn("consumer {} cannot reach the store, retrying: {}", name, e.getMessage());
        pause(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * How long to wait before the next read after a batch of {@code rows} rows, {@code handled} of
   * them handed to the handler: none while behind ({@code full}), {@value #PASS_OVER_PAUSE_MILLIS}
   * ms after a batch of nothing to handle, {@value #GATHER_MILLIS} ms after handling at least
   * {@value #GATHER_ABOVE} rows; a smaller batch means a quiet log, and no wait.
   */
  static long pauseAfter(int rows, int handled, boolean full) {
    if (full || rows == 0) {
      return 0;
    }
    if (handled == 0) {
      return PASS_OVER_PAUSE_MILLIS;
    }
    return rows >= GATHER_ABOVE ? GATHER_MILLIS : 0;
  }

  private void apply(ConsumerBatches.Batch batch) {
    if (batch.events().isEmpty()) {
      passOver(batch.last());
      return;
    }
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

  /** Moves past events the handler does not take, saving the position at most once a period. */
  private void passOver(long last) {
    position = last;
    if (System.nanoTime() - savedAtNanos >= PASSED_OVER_SAVE_NANOS) {
      savePassedOver();
    }
    afterCommit.forEach(Runnable::run);
  }

  private void savePassedOver() {
    long at = position;
    if (saved >= at) {
      return;
    }
    store.write(
        tx -> {
          savePosition(tx, at);
          return null;
        });
    saved = at;
    savedAtNanos = System.nanoTime();
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
    saved = last;
    savedAtNanos = System.nanoTime();
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

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
