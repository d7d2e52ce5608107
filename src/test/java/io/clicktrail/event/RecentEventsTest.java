package io.clicktrail.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link RecentEvents}: which positions it holds and hands out. */
class RecentEventsTest {

  private static Event open(long n) {
    return new OpenRecorded("o" + n, "acct", "msg", n, null, null, "human", "browser");
  }

  private static void append(RecentEvents r, long from, int n, int size) {
    List<Event> events = LongStream.range(from, from + n).mapToObj(RecentEventsTest::open).toList();
    r.appended(from, events, Collections.nCopies(n, size));
  }

  private static List<Long> positions(List<LoggedEvent> events) {
    return events.stream().map(LoggedEvent::position).toList();
  }

  @Test
  void nothingHeldMeansReadTheLog() {
    assertThat(new RecentEvents().after(0, Long.MAX_VALUE, 10)).isNull();
  }

  @Test
  void handsOutTheEventsAfterAPositionInOrder() {
    RecentEvents r = new RecentEvents();
    append(r, 11, 5, 10);
    append(r, 16, 3, 10);
    assertThat(positions(r.after(10, Long.MAX_VALUE, 100)))
        .containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
    assertThat(positions(r.after(14, Long.MAX_VALUE, 100))).containsExactly(15L, 16L, 17L, 18L);
    assertThat(r.after(14, Long.MAX_VALUE, 100).get(0).event()).isEqualTo(open(15));
  }

  @Test
  void caughtUpIsAnEmptyBatchNotAMiss() {
    RecentEvents r = new RecentEvents();
    append(r, 1, 3, 10);
    assertThat(r.after(3, Long.MAX_VALUE, 100)).isEmpty();
  }

  @Test
  void positionsItDoesNotHoldAreMisses() {
    RecentEvents r = new RecentEvents();
    append(r, 11, 5, 10);
    assertThat(r.after(9, Long.MAX_VALUE, 100)).as("before the oldest").isNull();
    assertThat(r.after(16, Long.MAX_VALUE, 100)).as("beyond the newest").isNull();
  }

  @Test
  void theCeilingAndTheBatchSizeAreHonoured() {
    RecentEvents r = new RecentEvents();
    append(r, 1, 10, 10);
    assertThat(positions(r.after(2, 5, 100))).containsExactly(3L, 4L, 5L);
    assertThat(positions(r.after(2, Long.MAX_VALUE, 2))).containsExactly(3L, 4L);
    assertThat(r.after(2, 2, 100)).isEmpty();
  }

  @Test
  void aRunThatDoesNotFollowReplacesTheHeldOne() {
    RecentEvents r = new RecentEvents();
    append(r, 1, 5, 10);
    append(r, 9, 2, 10); // 6..8 reached the log another way
    assertThat(r.after(5, Long.MAX_VALUE, 100)).isNull();
    assertThat(positions(r.after(8, Long.MAX_VALUE, 100))).containsExactly(9L, 10L);
  }

  @Test
  void forgettingEmptiesIt() {
    RecentEvents r = new RecentEvents();
    append(r, 1, 5, 10);
    r.forget();
    assertThat(r.after(0, Long.MAX_VALUE, 100)).isNull();
    append(r, 6, 1, 10);
    assertThat(positions(r.after(5, Long.MAX_VALUE, 100))).containsExactly(6L);
  }

  @Test
  void keepsOnlyTheNewestEventsByCountAcrossTheRingsEnd() {
    RecentEvents r = new RecentEvents();
    int total = RecentEvents.MAX_EVENTS + 100;
    for (long p = 1; p <= total; p += 50) {
      append(r, p, 50, 1);
    }
    long newest = ((total + 49) / 50) * 50L;
    long oldest = newest - RecentEvents.MAX_EVENTS + 1;
    assertThat(r.after(oldest - 2, Long.MAX_VALUE, 10)).isNull();
    List<LoggedEvent> all = r.after(oldest - 1, Long.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(all).hasSize(RecentEvents.MAX_EVENTS);
    assertThat(all.get(0).position()).isEqualTo(oldest);
    assertThat(all.get(all.size() - 1).position()).isEqualTo(newest);
    assertThat(all.get(all.size() - 1).event()).isEqualTo(open(newest));
  }

  @Test
  void keepsOnlyTheNewestEventsByCharacters() {
    RecentEvents r = new RecentEvents();
    int big = (int) (RecentEvents.MAX_CHARS / 4);
    append(r, 1, 6, big); // four fit
    assertThat(r.after(1, Long.MAX_VALUE, 100)).isNull();
    assertThat(positions(r.after(2, Long.MAX_VALUE, 100))).containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void anEventLargerThanTheBoundIsNotHeld() {
    RecentEvents r = new RecentEvents();
    append(r, 1, 1, (int) RecentEvents.MAX_CHARS + 1);
    assertThat(r.after(0, Long.MAX_VALUE, 100)).isNull();
    assertThat(r.after(1, Long.MAX_VALUE, 100)).isNull();
    append(r, 2, 1, 10);
    assertThat(positions(r.after(1, Long.MAX_VALUE, 100))).containsExactly(2L);
  }
}
