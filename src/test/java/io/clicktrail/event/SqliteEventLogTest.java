package io.clicktrail.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktrail.store.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the embedded log, driven directly: a store in a temporary directory, the log over
 * it, and a consumer that copies each event into a scratch table inside its own transaction.
 */
class SqliteEventLogTest {
  private static final String CONSUMER = "scratch";

  @TempDir Path dir;
  SqliteStore store;
  SqliteStore logStore;
  SqliteEventLog log;

  /** Positions in the order the consumer was handed them, over every batch it committed or not. */
  final List<Long> handed = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
    if (store != null) {
      store.close();
    }
    if (logStore != null) {
      logStore.close();
    }
  }

  private void open(InstantSource clock, EventHandler handler) {
    store = SqliteStore.open(dir);
    store.write(
        tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS scratch (position BIGINT NOT NULL, click_id TEXT NOT NULL)");
          }
          return null;
        });
    logStore = SqliteStore.openEventLog(dir);
    log = new SqliteEventLog(logStore, store, clock);
    log.subscribe(CONSUMER, handler);
    log.start();
  }

  private void open() {
    open(InstantSource.system(), this::copyToScratch);
  }

  private void reopen() {
    log.close();
    store.close();
    logStore.close();
    open();
  }

  private void copyToScratch(Connection tx, List<LoggedEvent> batch) throws SQLException {
    try (PreparedStatement s =
        tx.prepareStatement("INSERT INTO scratch (position, click_id) VALUES (?, ?)")) {
      for (LoggedEvent e : batch) {
        handed.add(e.position());
        s.setLong(1, e.position());
        s.setString(2, ((ClickRecorded) e.event()).clickId());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static ClickRecorded click(String messageId, String clickId) {
    return new ClickRecorded(
        clickId,
        "acct",
        messageId,
        7L,
        0,
        "body",
        "https://shop.example/",
        1_750_275_000_000L,
        "127.0.0.1",
        "Mozilla/5.0 (X11)",
        "human",
        "browser",
        "clicktrail");
  }

  /** Runs a counting query on the log's file when it names event_log, else on the state store. */
  private long count(String sql, Object... args) {
    return (sql.contains("event_log") ? logStore : store)
        .read(
            c -> {
              try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                  s.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
  }

  private List<String> scratchClickIds() {
    return store.read(
        c -> {
          List<String> ids = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT click_id FROM scratch ORDER BY position")) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          return ids;
        });
  }

  @Test
  void append_completesOnlyOnceItsRowIsCommitted() throws Exception {
    open();
    List<CompletableFuture<Long>> rowsAtCompletion = new ArrayList<>();

    for (int i = 0; i < 300; i++) {
      String messageId = "m-" + i;
      rowsAtCompletion.add(
          log.append(click(messageId, "c-" + i))
              .thenApply(
                  done -> count("SELECT COUNT(*) FROM event_log WHERE event_key = ?", messageId)));
    }

    for (CompletableFuture<Long> rows : rowsAtCompletion) {
      assertThat(rows.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void concurrentAppends_shareOneWrite_andKeepEachThreadsOrder() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    // The appender reads the clock while it writes a batch: holding the clock holds the write.
    InstantSource gatedClock =
        () -> {
          writing.countDown();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Instant.EPOCH;
        };
    open(gatedClock, this::copyToScratch);
    Set<Long> headsAtCompletion = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> all = Collections.synchronizedList(new ArrayList<>());
    all.add(log.append(click("first", "first")).thenRun(() -> headsAtCompletion.add(log.head())));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

    int threads = 16;
    int each = 250;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        String thread = "t" + t;
        pool.submit(
            () -> {
              for (int i = 0; i < each; i++) {
                all.add(
                    log.append(click(thread, thread + "-" + i))
                        .thenRun(() -> headsAtCompletion.add(log.head())));
              }
            });
      }
    }
    gate.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    int total = 1 + threads * each;
    assertThat(headsAtCompletion)
        .as("log head seen by each write's futures")
        .containsExactlyInAnyOrder(1L, (long) total);
    assertThat(count("SELECT COUNT(*) FROM event_log")).isEqualTo(total);
    await().untilAsserted(() -> assertThat(count("SELECT COUNT(*) FROM scratch")).isEqualTo(total));
    assertThat(handed).containsExactlyElementsOf(positions(1, total));
    List<String> consumed = scratchClickIds();
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      assertThat(consumed.stream().filter(id -> id.startsWith(prefix)).toList())
          .containsExactlyElementsOf(IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
    }
  }

  @Test
  void consumer_seesEveryEventExactlyOnce_acrossCloseAndReopen() throws Exception {
    open();
    appendAll("a", 300);
    await().untilAsserted(() -> assertThat(count("SELECT COUNT(*) FROM scratch")).isEqualTo(300));
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      inFlight.add(log.append(click("b", "b-" + i)));
    }
    // Closing writes what it accepted, whatever the consumer had reached.
    log.close();
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    reopen();
    appendAll("c", 500);

    await().untilAsserted(() -> assertThat(count("SELECT COUNT(*) FROM scratch")).isEqualTo(1000));
    assertThat(handed).doesNotHaveDuplicates().containsExactlyElementsOf(positions(1, 1000));
    assertThat(count("SELECT COUNT(DISTINCT click_id) FROM scratch")).isEqualTo(1000);
    assertThat(count("SELECT position FROM consumer_positions WHERE consumer = ?", CONSUMER))
        .isEqualTo(1000);
    assertThat(log.lag()).isZero();
  }

  /** A handler that takes only opens: clicks pass it by undecoded and without a transaction. */
  private static final class OpensOnly implements EventHandler {
    final List<Long> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean handles(Class<? extends Event> type) {
      return type == OpenRecorded.class;
    }

    @Override
    public void handle(Connection tx, List<LoggedEvent> batch) {
      batch.forEach(e -> seen.add(e.position()));
    }
  }

  @Test
  void eventsTheHandlerDoesNotTake_passItBy_andItsPositionIsSaved() throws Exception {
    OpensOnly opensOnly = new OpensOnly();
    open(InstantSource.system(), opensOnly);
    appendAll("a", 300);

    await().untilAsserted(() -> assertThat(log.lag()).isZero());
    await()
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            "SELECT position FROM consumer_positions WHERE consumer = ?", CONSUMER))
                    .isEqualTo(300));
    assertThat(opensOnly.seen).isEmpty();

    log.append(
            new OpenRecorded(
                "o-1", "acct", "a", 1_750_275_000_000L, null, null, "human", "browser"))
        .get(10, TimeUnit.SECONDS);
    appendAll("b", 50);
    await().untilAsserted(() -> assertThat(log.lag()).isZero());
    log.close();

    assertThat(opensOnly.seen).containsExactly(301L);
    assertThat(count("SELECT position FROM consumer_positions WHERE consumer = ?", CONSUMER))
        .isEqualTo(351);
  }

  @Test
  void largeEvents_areHandedInBatchesOfBoundedSize_andNoneIsLost() throws Exception {
    List<List<Long>> batches = Collections.synchronizedList(new ArrayList<>());
    String value = "{\"statuses\":\"" + "x".repeat(1 << 20) + "\"}"; // ~1 MiB, like a big change
    // appended while no consumer runs, so that the consumer then finds all 30 waiting at once
    logStore = SqliteStore.openEventLog(dir);
    store = SqliteStore.open(dir);
    SqliteEventLog writer = new SqliteEventLog(logStore, store, InstantSource.system());
    writer.start();
    List<CompletableFuture<Void>> appended = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      appended.add(
          writer.append(
              new WhatsAppChangeReceived("acct", "m" + i, null, null, "messages", value, 1L)));
    }
    CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    writer.close();
    store.close();
    logStore.close();
    open(InstantSource.system(), (tx, batch) -> batches.add(positionsOf(batch)));

    await().untilAsserted(() -> assertThat(log.lag()).isZero());
    assertThat(batches.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(positions(1, 30));
    // 8 Mi characters per batch: at most 8 of these ~1 MiB events, never all 30 at once
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(8));
  }

  private static List<Long> positionsOf(List<LoggedEvent> batch) {
    return batch.stream().map(LoggedEvent::position).toList();
  }

  private void appendAll(String messageId, int n) throws Exception {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(log.append(click(messageId, messageId + "-" + i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void handlerThrowingOnOneEvent_skipsItAndAppliesTheOthers() throws Exception {
    open(InstantSource.system(), poisonedBy(new IllegalArgumentException("poisoned event")));

    assertPoisonSkipped();
  }

  @Test
  void handlerThrowingSqlExceptionOnOneEvent_skipsItAndAppliesTheOthers() throws Exception {
    open(InstantSource.system(), poisonedBy(new SQLException("value out of range for this event")));

    assertPoisonSkipped();
  }

  /** A handler that copies events but throws {@code failure} for a batch holding "poison". */
  private EventHandler poisonedBy(Exception failure) {
    return (tx, batch) -> {
      copyToScratch(tx, batch);
      if (batch.stream().anyMatch(e -> ((ClickRecorded) e.event()).clickId().equals("poison"))) {
        if (failure instanceof SQLException sql) {
          throw sql;
        }
        throw (RuntimeException) failure;
      }
    };
  }

  private void assertPoisonSkipped() throws Exception {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(log.append(click("m", i == 4 ? "poison" : "c-" + i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    log.append(click("m", "after")).get(10, TimeUnit.SECONDS);

    await().untilAsserted(() -> assertThat(scratchClickIds()).contains("after"));
    assertThat(scratchClickIds())
        .containsExactly("c-0", "c-1", "c-2", "c-3", "c-5", "c-6", "c-7", "c-8", "c-9", "after");
    assertThat(count("SELECT position FROM consumer_positions WHERE consumer = ?", CONSUMER))
        .isEqualTo(11);
  }

  @Test
  void append_afterClose_failsTheFuture() {
    open();
    log.close();

    CompletableFuture<Void> appended = log.append(click("m", "late"));

    assertThat(appended)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("event log is closed");
    assertThat(count("SELECT COUNT(*) FROM event_log")).isZero();
  }

  @RepeatedTest(10)
  void appendsRacingClose_eachCompleteOneWayOrTheOther() throws Exception {
    open();
    List<CompletableFuture<Void>> futures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(4);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        String thread = "t" + t;
        pool.submit(
            () -> {
              started.countDown();
              for (int i = 0; i < 5_000; i++) {
                CompletableFuture<Void> f = log.append(click(thread, thread + "-" + i));
                futures.add(f);
                if (f.isCompletedExceptionally()) {
                  return;
                }
              }
            });
      }
      started.await();
      log.close();
    }

    CompletableFuture<?> settled =
        CompletableFuture.allOf(
            futures.stream()
                .map(f -> f.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    assertThat(settled)
        .as("every append settles after close")
        .succeedsWithin(Duration.ofSeconds(5));
    long written = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
    assertThat(count("SELECT COUNT(*) FROM event_log")).isEqualTo(written);
  }

  /** The positions {@code from} to {@code to}, both included. */
  private static List<Long> positions(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void compactionEmptyingTheLog_neverReusesPositions_soLaterEventsAreStillConsumed() {
    io.clicktrail.testing.MutableClock clock = io.clicktrail.testing.MutableClock.ofNow();
    open(clock, this::copyToScratch);
    for (int i = 0; i < 5; i++) {
      log.append(click("m1", "before-" + i)).join();
    }
    await().until(() -> scratchClickIds().size() == 5);
    log.close();
    store.close();
    logStore.close();

    clock.advance(SqliteEventLog.KEEP.plusMinutes(1));
    open(clock, this::copyToScratch);
    // every event was consumed and is older than KEEP: the first housekeeping deletes them all
    await().until(() -> count("SELECT COUNT(*) FROM event_log") == 0);

    log.append(click("m1", "after-compaction")).join();

    await().untilAsserted(() -> assertThat(scratchClickIds()).endsWith("after-compaction"));
    assertThat(count("SELECT MAX(seq) FROM event_log")).isEqualTo(6);
  }
}
