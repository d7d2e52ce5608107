package io.clicktrail.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clicktrail.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers of a real {@link SqliteEventLog} take what this process just appended from memory
 * ({@link RecentEvents}), and what they were not there for from the log file.
 */
class RecentEventsWiringTest {
  @TempDir Path dir;
  private SqliteStore store;
  private SqliteStore logStore;
  private SqliteEventLog log;
  private final List<Event> received = new CopyOnWriteArrayList<>();

  private void open() {
    store = SqliteStore.open(dir);
    logStore = SqliteStore.openEventLog(dir);
    log = new SqliteEventLog(logStore, store, InstantSource.system());
    log.subscribe("recorder", (tx, batch) -> batch.forEach(e -> received.add(e.event())));
    log.start();
  }

  private void closeAll() {
    log.close();
    store.close();
    logStore.close();
  }

  @AfterEach
  void close() {
    if (log != null) {
      closeAll();
    }
  }

  private static OpenRecorded open(String id) {
    return new OpenRecorded(id, "acct", "msg", 1_750_275_000_000L, null, null, "human", "browser");
  }

  @Test
  void aCaughtUpConsumerIsHandedTheAppendedObjectsThemselves() throws Exception {
    open();
    OpenRecorded first = open("o1");
    OpenRecorded second = open("o2");
    log.append(first).get();
    log.append(second).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received.get(0)).isSameAs(first);
    assertThat(received.get(1)).isSameAs(second);
  }

  @Test
  void eventsRelayedFromTheOutboxAreNotMissedBehindTheHeldOnes() throws Exception {
    open();
    OpenRecorded appended = open("o-appended");
    log.append(appended).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    OpenRecorded relayed = open("o-relayed");
    store.write(
        tx -> {
          log.appendInTransaction(tx, relayed);
          return null;
        });
    // nothing is appended after it: the consumer must find it in the file
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received.get(1)).isEqualTo(relayed).isNotSameAs(relayed);
  }

  @Test
  void whatItWasNotThereForComesFromTheFileDecoded() throws Exception {
    open();
    log.close(); // the appender stops; events appended by another process's log follow
    SqliteEventLog other = new SqliteEventLog(logStore, store, InstantSource.system());
    other.start();
    OpenRecorded earlier = open("o-earlier");
    other.append(earlier).get();
    other.close();
    closeAll();
    received.clear();

    open();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(received.get(0)).isEqualTo(earlier).isNotSameAs(earlier);
    OpenRecorded later = open("o-later");
    log.append(later).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received.get(1)).isSameAs(later);
  }
}
