package io.clicktrail.event;

import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a log consumer's next batch comes from: the events this process just appended, already
 * decoded ({@link RecentEvents}), when they hold the next position; else the log file, decoding
 * only the events the handler takes. Either way a batch holds at most {@value #MAX_BATCH} events.
 */
final class ConsumerBatches {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerBatches.class);
  static final int MAX_BATCH = 1000;

  /**
   * A batch read from the file ends once the bodies it decoded reach this many characters: a
   * consumer that has fallen behind on large events (a WhatsApp change can carry 1,000 statuses,
   * ~160 KB) must not hold a thousand of them at once (160 MB against a 320 MB heap). Recent events
   * hold no more than this in all.
   */
  static final long MAX_BATCH_CHARS = 8L << 20;

  /**
   * Events read after a position; {@code last} also covers the rows not decoded (not handled, or
   * not decodable); {@code rows} counts every row read; {@code full} tells that a bound (rows or
   * characters) ended the batch, so more events are waiting.
   */
  record Batch(List<LoggedEvent> events, long last, int rows, boolean full) {
    /** Nothing after {@code position}. */
    static Batch none(long position) {
      return new Batch(List.of(), position, 0, false);
    }
  }

  private final EventHandler handler;
  private final Store log;
  private final RecentEvents recent;

  ConsumerBatches(EventHandler handler, Store log, RecentEvents recent) {
    this.handler = handler;
    this.log = log;
    this.recent = recent;
  }

  /** The next batch after {@code after}, never past {@code upTo}. */
  Batch next(long after, long upTo) {
    List<LoggedEvent> fresh = recent.after(after, upTo, MAX_BATCH);
    if (fresh == null) {
      return log.read(c -> readAfter(c, after, upTo));
    }
    List<LoggedEvent> events = new ArrayList<>();
    for (LoggedEvent e : fresh) {
      if (handler.handles(e.event().getClass())) {
        events.add(e);
      }
    }
    long last = fresh.isEmpty() ? after : fresh.get(fresh.size() - 1).position();
    return new Batch(events, last, fresh.size(), fresh.size() == MAX_BATCH);
  }

  /** The events after {@code after} that the handler takes; {@code last} covers every row read. */
  private Batch readAfter(Connection c, long after, long upTo) throws SQLException {
    List<LoggedEvent> events = new ArrayList<>();
    long last = after;
    int rows = 0;
    long chars = 0;
    boolean full = false;
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
          rows++;
          String type = rs.getString(2);
          Class<? extends Event> known = EventCodec.classOf(type);
          if (known != null && !handler.handles(known)) {
            continue; // not decoded: this handler does nothing with it
          }
          String body = rs.getString(3);
          chars += body.length();
          try {
            events.add(new LoggedEvent(last, EventCodec.decode(type, body)));
          } catch (IllegalArgumentException e) {
            LOG.error(
                "event at position {} does not decode and is skipped: {}", last, e.getMessage());
          }
          if (chars >= MAX_BATCH_CHARS) {
            full = true;
            break; // the rest in the next batch
          }
        }
      }
    }
    return new Batch(events, last, rows, full || rows == MAX_BATCH);
  }
}
