package io.clicktrail.event;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events this process appended last, already decoded, by log position: a consumer that has
 * caught up takes its next batch from here instead of reading it back from the log file and
 * decoding it again. Under a click storm seven consumers each read and decoded every click the
 * appender had just written; a WhatsApp change of 1,000 statuses (~160 KB) was turned back into a
 * string and parsed by five of them.
 *
 * <p>It holds a contiguous run of positions, the newest at most {@value #MAX_EVENTS} events and
 * {@value #MAX_CHARS} characters of bodies. Whatever reaches the log another way (the outbox relay)
 * or after a gap empties it, and positions it does not hold are read from the log file as before,
 * so it never changes what a consumer sees, only where it comes from. Events are immutable records,
 * shared by the consumer threads. Thread-safe.
 */
final class RecentEvents {
  static final int MAX_EVENTS = 8192;
  static final long MAX_CHARS = ConsumerBatches.MAX_BATCH_CHARS;

  private record Entry(LoggedEvent logged, int chars) {}

  private final Entry[] ring = new Entry[MAX_EVENTS];

  /** Position of the oldest event held; meaningless while {@code count} is 0. */
  private long first;

  private int count;
  private long chars;

  /**
   * Records events just committed to the log at {@code firstPosition} and after, in order; {@code
   * sizes} are their encoded lengths. A run that does not follow the held one replaces it.
   */
  synchronized void appended(long firstPosition, List<Event> events, List<Integer> sizes) {
    if (count > 0 && firstPosition != first + count) {
      forget();
    }
    if (count == 0) {
      first = firstPosition;
    }
    for (int i = 0; i < events.size(); i++) {
      long position = firstPosition + i;
      if (count == MAX_EVENTS) {
        dropOldest();
      }
      ring[slot(position)] = new Entry(new LoggedEvent(position, events.get(i)), sizes.get(i));
      count++;
      chars += sizes.get(i);
      while (chars > MAX_CHARS && count > 0) {
        dropOldest();
      }
    }
  }

  /** Empties it: the log grew by events it did not see. */
  synchronized void forget() {
    while (count > 0) {
      dropOldest();
    }
  }

  /**
   * The events after {@code position}, up to {@code upTo} and at most {@code max} of them, in
   * order; empty when it holds nothing newer than {@code position}; null when it does not hold the
   * event right after {@code position} (read the log file instead).
   */
  synchronized @Nullable List<LoggedEvent> after(long position, long upTo, int max) {
    long next = position + 1;
    if (count == 0 || next < first || next > first + count) {
      return null;
    }
    long end = Math.min(first + count - 1, upTo);
    List<LoggedEvent> out = new ArrayList<>();
    for (long p = next; p <= end && out.size() < max; p++) {
      out.add(ring[slot(p)].logged());
    }
    return out;
  }

  private void dropOldest() {
    int s = slot(first);
    chars -= ring[s].chars();
    ring[s] = null;
    first++;
    count--;
  }

  private static int slot(long position) {
    return (int) Math.floorMod(position, (long) MAX_EVENTS);
  }
}
