package io.clicktrail.event;

import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: the {@code event_log} table of its own SQLite file beside the state
 * store.
 *
 * <p>Appends are queued and written by one appender thread, which takes whatever has queued up (up
 * to {@value #MAX_APPEND_BATCH} events) and writes it in one transaction: one fsync for the whole
 * group. Because the log has its own file, and so its own writer, appends never wait for a
 * projector's transaction on the state store.
 *
 * <p>Events that must commit with state ({@link #appendInTransaction}) go to the state store's
 * {@code outbox} table; the appender thread relays them to the log every {@value
 * #RELAY_EVERY_MILLIS} ms, idempotently (each carries its outbox id), then deletes them.
 *
 * <p>Each subscribed consumer runs on its own thread, reading batches after its committed position
 * and committing the new position in the same state-store transaction as its changes. Events every
 * consumer has committed are deleted once they are older than {@link #KEEP}.
 */
public final class SqliteEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEventLog.class);
  static final int MAX_APPEND_BATCH = 4096;
  static final long RELAY_EVERY_MILLIS = 50;
  static final int MAX_RELAY_BATCH = 1000;

  /** How long consumed events stay in the log (for inspection) before they are deleted. */
  static final Duration KEEP = Duration.ofHours(1);

  private static final long COMPACT_EVERY_MILLIS = 60_000;

  private final Store log;
  private final Store store;
  private final InstantSource clock;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<SqliteLogConsumer> consumers = new CopyOnWriteArrayList<>();
  private final AtomicLong head = new AtomicLong();
  private final Thread appender;
  private volatile boolean accepting = true;
  private volatile boolean lastWriteFailed;
  private long lastRelay;
  private long lastCompaction;

  /** Set once the appender has stopped: whatever is queued after that will never be written. */
  private volatile boolean appenderStopped;

  /** An event encoded by the appending thread, so the one appender thread only writes. */
  private record Pending(
      @Nullable Event event, String type, String key, String body, CompletableFuture<Void> done) {}

  /** Tells the appender to stop once what was queued before it is written. */
  private static final Pending STOP = new Pending(null, "", "", "", new CompletableFuture<>());

  /** What was appended last, decoded, for consumers that have caught up. */
  private final RecentEvents recent = new RecentEvents();

  /**
   * @param log the log's own store (see {@code SqliteStore.openEventLog})
   * @param store the state store, holding the outbox and the consumers' positions
   */
  public SqliteEventLog(Store log, Store store, InstantSource clock) {
    this.log = log;
    this.store = store;
    this.clock = clock;
    this.head.set(log.read(SqliteEventLog::maxSeq));
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
    queue.add(
        new Pending(
            event, EventCodec.typeOf(event), event.messageId(), EventCodec.encode(event), done));
    if (appenderStopped) {
      // close() ran between the check above and the add: nobody else will complete this append.
      failQueued();
    }
    return done;
  }

  /** Writes {@code event} to the state store's outbox; it reaches the log after the commit. */
  @Override
  public void appendInTransaction(Connection tx, Event event) throws SQLException {
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO outbox (type, event_key, body, created_at) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, EventCodec.typeOf(event));
      insert.setString(2, event.messageId());
      insert.setString(3, EventCodec.encode(event));
      insert.setLong(4, clock.millis());
      insert.executeUpdate();
    }
  }

  private static final String INSERT =
      "INSERT INTO event_log (type, event_key, body, appended_at) VALUES (?, ?, ?, ?)";

  @Override
  public void subscribe(String consumer, EventHandler handler) {
    consumers.add(
        new SqliteLogConsumer(consumer, handler, log, recent, store, () -> Long.MAX_VALUE));
  }

  @Override
  public void subscribeAfter(String consumer, String after, EventHandler handler) {
    SqliteLogConsumer upstream =
        consumers.stream()
            .filter(c -> c.name().equals(after))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no consumer named " + after));
    SqliteLogConsumer downstream =
        new SqliteLogConsumer(consumer, handler, log, recent, store, upstream::position);
    upstream.afterCommit(downstream::wake);
    consumers.add(downstream);
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
        Pending first = queue.poll(RELAY_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_APPEND_BATCH - 1);
          stopping |= batch.remove(STOP);
          if (!batch.isEmpty()) {
            write(batch);
          }
        }
        housekeeping(stopping);
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
      long now = clock.millis();
      long last =
          log.write(
              tx -> {
                try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
                  for (Pending p : batch) {
                    insert.setString(1, p.type());
                    insert.setString(2, p.key());
                    insert.setString(3, p.body());
                    insert.setLong(4, now);
                    insert.addBatch();
                  }
                  insert.executeBatch();
                }
                return lastInsertedSeq(tx);
              });
      lastWriteFailed = false;
      List<Event> events = new ArrayList<>(batch.size());
      List<Integer> sizes = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        events.add(Objects.requireNonNull(p.event()));
        sizes.add(p.body().length());
      }
      recent.appended(last - batch.size() + 1, events, sizes);
      head.addAndGet(batch.size());
      batch.forEach(p -> p.done().complete(null));
      consumers.forEach(SqliteLogConsumer::wake);
    } catch (RuntimeException e) {
      lastWriteFailed = true;
      LOG.error("event log append of {} events failed: {}", batch.size(), e.getMessage());
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /** The position of the row this transaction inserted last (one writer: a batch's are a run). */
  private static long lastInsertedSeq(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Relays the outbox when due (always when stopping) and compacts the log when due. */
  private void housekeeping(boolean stopping) {
    long now = System.nanoTime() / 1_000_000;
    try {
      if (stopping || now - lastRelay >= RELAY_EVERY_MILLIS) {
        lastRelay = now;
        while (relayOutbox() == MAX_RELAY_BATCH) {
          // a full batch: more may be waiting
        }
      }
      if (!stopping && now - lastCompaction >= COMPACT_EVERY_MILLIS) {
        lastCompaction = now;
        compact();
      }
    } catch (RuntimeException e) {
      LOG.warn("event log housekeeping failed, will retry: {}", e.getMessage());
    }
  }

  private record OutboxRow(long id, String type, String key, String body) {}

  /**
   * Moves up to {@value #MAX_RELAY_BATCH} outbox rows into the log. A crash between the two writes
   * leaves the rows in the outbox; relaying them again changes nothing (unique outbox id).
   */
  private int relayOutbox() {
    List<OutboxRow> rows =
        store.read(
            c -> {
              List<OutboxRow> out = new ArrayList<>();
              try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT id, type, event_key, body FROM outbox ORDER BY id LIMIT "
                              + MAX_RELAY_BATCH);
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new OutboxRow(
                          rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
              }
              return out;
            });
    if (rows.isEmpty()) {
      return 0;
    }
    long now = clock.millis();
    long newHead =
        log.write(
            tx -> {
              try (PreparedStatement insert =
                  tx.prepareStatement(
                      "INSERT INTO event_log (type, event_key, body, appended_at, outbox_id)"
                          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (outbox_id) DO NOTHING")) {
                for (OutboxRow r : rows) {
                  insert.setString(1, r.type());
                  insert.setString(2, r.key());
                  insert.setString(3, r.body());
                  insert.setLong(4, now);
                  insert.setLong(5, r.id());
                  insert.addBatch();
                }
                insert.executeBatch();
              }
              return maxSeq(tx);
            });
    recent.forget(); // the log grew by events it did not see
    long last = rows.get(rows.size() - 1).id();
    store.write(
        tx -> {
          try (PreparedStatement delete = tx.prepareStatement("DELETE FROM outbox WHERE id <= ?")) {
            delete.setLong(1, last);
            delete.executeUpdate();
          }
          return null;
        });
    head.accumulateAndGet(newHead, Math::max);
    consumers.forEach(SqliteLogConsumer::wake);
    return rows.size();
  }

  /** Deletes events every consumer has committed that are older than {@link #KEEP}. */
  private void compact() {
    if (consumers.isEmpty()) {
      return;
    }
    long committedByAll = consumers.stream().mapToLong(SqliteLogConsumer::position).min().orElse(0);
    long before = clock.millis() - KEEP.toMillis();
    int deleted =
        log.write(
            tx -> {
              try (PreparedStatement delete =
                  tx.prepareStatement("DELETE FROM event_log WHERE seq <= ? AND appended_at < ?")) {
                delete.setLong(1, committedByAll);
                delete.setLong(2, before);
                return delete.executeUpdate();
              }
            });
    if (deleted > 0) {
      LOG.debug("event log compacted: {} consumed events deleted", deleted);
    }
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

  /** Position of the last event in the log that this process knows of. */
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
