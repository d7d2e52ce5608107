package io.clicktrail.event;

import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: the {@code event_log} table of the SQLite store.
 *
 * <p>Appends are queued and written by one appender thread, which takes whatever has queued up (up
 * to {@value #MAX_APPEND_BATCH} events) and writes it in one transaction: one fsync for the whole
 * group. Each subscribed consumer runs on its own thread, reading batches after its committed
 * position and committing the new position in the same transaction as its changes.
 */
public final class SqliteEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEventLog.class);
  static final int MAX_APPEND_BATCH = 4096;

  private final Store store;
  private final InstantSource clock;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<SqliteLogConsumer> consumers = new CopyOnWriteArrayList<>();
  private final AtomicLong head = new AtomicLong();
  private final Thread appender;
  private volatile boolean accepting = true;
  private volatile boolean lastWriteFailed;

  /** Set once the appender has stopped: whatever is queued after that will never be written. */
  private volatile boolean appenderStopped;

  private record Pending(@Nullable Event event, CompletableFuture<Void> done) {}

  private static final Pending STOP = new Pending(null, new CompletableFuture<>());

  public SqliteEventLog(Store store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    this.head.set(store.read(SqliteEventLog::maxSeq));
    this.appender = Thread.ofPlatform().name("event-log-appender").unstarted(this::appendLoop);
  }

  private static long maxSeq(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM event_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public CompletableFuture<Void> append(Event event) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!accepting) {
      done.completeExceptionally(new IllegalStateException("event log is closed"));
      return done;
    }
    queue.add(new Pending(event, done));
    if (appenderStopped) {
      // close() ran between the check above and the add: nobody else will complete this append.
      failQueued();
    }
    return done;
  }

  @Override
  public void appendInTransaction(Connection tx, Event event) throws SQLException {
    try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
      bind(insert, event);
      insert.executeUpdate();
    }
  }

  private static final String INSERT =
      "INSERT INTO event_log (type, event_key, body, appended_at) VALUES (?, ?, ?, ?)";

  private void bind(PreparedStatement insert, Event event) throws SQLException {
    insert.setString(1, EventCodec.typeOf(event));
    insert.setString(2, event.messageId());
    insert.setString(3, EventCodec.encode(event));
    insert.setLong(4, clock.millis());
  }

  @Override
  public void subscribe(String consumer, EventHandler handler) {
    consumers.add(new SqliteLogConsumer(consumer, handler, store));
  }

  @Override
  public void start() {
    appender.start();
    consumers.forEach(SqliteLogConsumer::start);
  }

  private void appendLoop() {
    List<Pending> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_APPEND_BATCH - 1);
        stopping |= batch.remove(STOP);
        if (!batch.isEmpty()) {
          write(batch);
        }
      } catch (InterruptedException e) {
        stopping = true;
      } finally {
        batch.clear();
      }
    }
    appenderStopped = true;
    failQueued();
  }

  private void failQueued() {
    for (Pending p = queue.poll(); p != null; p = queue.poll()) {
      p.done().completeExceptionally(new IllegalStateException("event log is closed"));
    }
  }

  private void write(List<Pending> batch) {
    try {
      store.write(
          tx -> {
            try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
              for (Pending p : batch) {
                bind(insert, requireEvent(p));
                insert.addBatch();
              }
              insert.executeBatch();
            }
            return null;
          });
      lastWriteFailed = false;
      head.addAndGet(batch.size());
      batch.forEach(p -> p.done().complete(null));
      consumers.forEach(SqliteLogConsumer::wake);
    } catch (RuntimeException e) {
      lastWriteFailed = true;
      LOG.error("event log append of {} events failed: {}", batch.size(), e.getMessage());
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  private static Event requireEvent(Pending p) {
    Event e = p.event();
    if (e == null) {
      throw new IllegalStateException("stop marker in a write batch");
    }
    return e;
  }

  @Override
  public long lag() {
    long h = Math.max(head.get(), 0);
    long slowest = h;
    for (SqliteLogConsumer c : consumers) {
      slowest = Math.min(slowest, c.position());
    }
    return Math.max(0, h - slowest);
  }

  /** Position of the last event appended through this log (events added in transactions lag). */
  public long head() {
    return head.get();
  }

  @Override
  public boolean healthy() {
    return accepting && appender.isAlive() && !lastWriteFailed;
  }

  @Override
  public void close() {
    accepting = false;
    if (appender.isAlive()) {
      queue.add(STOP);
      joinQuietly(appender);
    }
    consumers.forEach(SqliteLogConsumer::stop);
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
