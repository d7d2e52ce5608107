package io.clicktrail.track;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.OpenRecorded;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds clicks and opens into the raw {@code clicks} and {@code opens} tables and the per-link and
 * per-message counters.
 *
 * <p>A counted click (human, or any with {@code count-bots}) takes the message's next counted
 * sequence number (the Nylas {@code click_id}, from 0) and is its link's unique click when it is
 * the link's first counted click (one message has one recipient). A load of an open pixel by the
 * same client (IP and user agent) less than a minute after that client's latest counted open is
 * stored but not counted: the minute runs from the open, so a client reloading every few seconds
 * still counts one open a minute. Events whose id is already stored are skipped, so a replayed
 * event changes nothing.
 *
 * <p>The clicks new in a batch are also added to the click rollups ({@link ClickRollup}) in the
 * same transaction, and handed to the {@code committedClicks} listener once that transaction has
 * committed.
 */
public final class EngagementProjector implements EventHandler {
  /** The durable consumer name of this projector. */
  public static final String CONSUMER = "engagement";

  static final long REPEAT_OPEN_MILLIS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(EngagementProjector.class);

  private final boolean countBots;
  private final Consumer<List<ClickRecorded>> committedClicks;

  /** The clicks new in the batch last handled; told to the listener only once it commits. */
  private List<ClickRecorded> uncommitted = List.of();

  /**
   * @param committedClicks told, on the consumer's thread after each commit, the clicks that were
   *     new in the committed batch (in log order); must not block, and what it throws is logged
   */
  public EngagementProjector(boolean countBots, Consumer<List<ClickRecorded>> committedClicks) {
    this.countBots = countBots;
    this.committedClicks = Objects.requireNonNull(committedClicks, "committedClicks");
  }

  private static final class MessageCounters {
    long counted;
    long unique;
    long opens;
  }

  @Override
  public boolean handles(Class<? extends Event> type) {
    return type == ClickRecorded.class || type == OpenRecorded.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    uncommitted = List.of();
    List<ClickRecorded> clicks = new ArrayList<>();
    List<OpenRecorded> opens = new ArrayList<>();
    for (LoggedEvent e : batch) {
      switch (e.event()) {
        case ClickRecorded c -> clicks.add(c);
        case OpenRecorded o -> opens.add(o);
        default -> {}
      }
    }
    if (clicks.isEmpty() && opens.isEmpty()) {
      return;
    }
    Map<String, MessageCounters> messages = new HashMap<>();
    if (!clicks.isEmpty()) {
      projectClicks(tx, clicks, messages);
    }
    if (!opens.isEmpty()) {
      projectOpens(tx, opens, messages);
    }
    saveCounters(tx, messages);
  }

  @Override
  public void committed() {
    List<ClickRecorded> fresh = uncommitted;
    uncommitted = List.of();
    if (fresh.isEmpty()) {
      return;
    }
    try {
      committedClicks.accept(fresh);
    } catch (RuntimeException e) {
      LOG.warn("listener of {} committed clicks failed: {}", fresh.size(), e.toString());
    }
  }

  private void projectClicks(
      Connection tx, List<ClickRecorded> clicks, Map<String, MessageCounters> messages)
      throws SQLException {
    Set<String> seen =
        existing(tx, "clicks", "click_id", clicks.stream().map(ClickRecorded::clickId).toList());
    Map<Long, Long> linkClicks = new HashMap<>();
    List<ClickRecorded> fresh = new ArrayList<>();
    ClickRollup rollup = new ClickRollup();
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO clicks (click_id, account_id, message_id, link_id, link_index, component,"
                + " url, clicked_at, ip, user_agent, classification, reason, source, counted_seq,"
                + " first_on_link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (ClickRecorded c : clicks) {
        if (!seen.add(c.clickId())) {
          continue;
        }
        fresh.add(c);
        rollup.add(c);
        Long countedSeq = null;
        boolean first = false;
        if (counted(c.classification())) {
          MessageCounters m = counters(tx, messages, c.messageId());
          countedSeq = m.counted++;
          long before =
              linkClicks.containsKey(c.linkId())
                  ? linkClicks.get(c.linkId())
                  : linkClicks(tx, c.linkId());
          first = before == 0;
          linkClicks.put(c.linkId(), before + 1);
          if (first) {
            m.unique++;
          }
        }
        insert.setString(1, c.clickId());
        insert.setString(2, c.accountId());
        insert.setString(3, c.messageId());
        insert.setLong(4, c.linkId());
        insert.setInt(5, c.linkIndex());
        insert.setString(6, c.component());
        insert.setString(7, c.url());
        insert.setLong(8, c.at());
        insert.setString(9, c.ip());
        insert.setString(10, c.userAgent());
        insert.setString(11, c.classification());
        insert.setString(12, c.reason());
        insert.setString(13, c.source());
        insert.setObject(14, countedSeq);
        insert.setBoolean(15, first);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement update =
        tx.prepareStatement("UPDATE links SET clicks = ? WHERE id = ?")) {
      for (Map.Entry<Long, Long> e : linkClicks.entrySet()) {
        update.setLong(1, e.getValue());
        update.setLong(2, e.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
    rollup.write(tx);
    uncommitted = fresh;
  }

  private void projectOpens(
      Connection tx, List<OpenRecorded> opens, Map<String, MessageCounters> messages)
      throws SQLException {
    Set<String> seen =
        existing(tx, "opens", "open_id", opens.stream().map(OpenRecorded::openId).toList());
    Map<String, Long> openedAt = new HashMap<>();
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO opens (open_id, account_id, message_id, opened_at, ip, user_agent,"
                + " classification, reason, counted_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (OpenRecorded o : opens) {
        if (!seen.add(o.openId())) {
          continue;
        }
        String client =
            o.messageId()
                + '\n'
                + Objects.toString(o.ip(), "")
                + '\n'
                + Objects.toString(o.userAgent(), "");
        Long countedSeq = null;
        if (counted(o.classification())) {
          Long previous = openedAt.containsKey(client) ? openedAt.get(client) : lastOpen(tx, o);
          if (previous == null || o.at() - previous >= REPEAT_OPEN_MILLIS) {
            countedSeq = counters(tx, messages, o.messageId()).opens++;
            openedAt.put(client, o.at());
          }
        }
        insert.setString(1, o.openId());
        insert.setString(2, o.accountId());
        insert.setString(3, o.messageId());
        insert.setLong(4, o.at());
        insert.setString(5, o.ip());
        insert.setString(6, o.userAgent());
        insert.setString(7, o.classification());
        insert.setString(8, o.reason());
        insert.setObject(9, countedSeq);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private boolean counted(String classification) {
    return countBots || classification.equals(Classification.Kind.HUMAN.wireName());
  }

  private static Set<String> existing(Connection tx, String table, String column, List<String> ids)
      throws SQLException {
    return new HashSet<>(
        Sql.listIn(
            tx,
            "SELECT " + column + " FROM " + table + " WHERE " + column + " IN (" + Sql.KEYS + ")",
            ids,
            rs -> rs.getString(1)));
  }

  private static MessageCounters counters(
      Connection tx, Map<String, MessageCounters> cache, String messageId) throws SQLException {
    MessageCounters m = cache.get(messageId);
    if (m != null) {
      return m;
    }
    m = new MessageCounters();
    try (PreparedStatement s =
        tx.prepareStatement(
            "SELECT counted_clicks, unique_clicks, opens FROM message_engagement WHERE message_id = ?")) {
      s.setString(1, messageId);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          m.counted = rs.getLong(1);
          m.unique = rs.getLong(2);
          m.opens = rs.getLong(3);
        }
      }
    }
    cache.put(messageId, m);
    return m;
  }

  private static long linkClicks(Connection tx, long linkId) throws SQLException {
    try (PreparedStatement s = tx.prepareStatement("SELECT clicks FROM links WHERE id = ?")) {
      s.setLong(1, linkId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  /** When the client's latest counted open of the message happened, null if it has none. */
  private static Long lastOpen(Connection tx, OpenRecorded o) throws SQLException {
    try (PreparedStatement s =
        tx.prepareStatement(
            "SELECT opened_at FROM opens WHERE message_id = ? AND COALESCE(ip, '') = ?"
                + " AND COALESCE(user_agent, '') = ? AND counted_seq IS NOT NULL"
                + " ORDER BY seq DESC LIMIT 1")) {
      s.setString(1, o.messageId());
      s.setString(2, Objects.toString(o.ip(), ""));
      s.setString(3, Objects.toString(o.userAgent(), ""));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static void saveCounters(Connection tx, Map<String, MessageCounters> messages)
      throws SQLException {
    try (PreparedStatement s =
        tx.prepareStatement(
            "INSERT INTO message_engagement (message_id, counted_clicks, unique_clicks, opens)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET"
                + " counted_clicks = excluded.counted_clicks, unique_clicks = excluded.unique_clicks,"
                + " opens = excluded.opens")) {
      for (Map.Entry<String, MessageCounters> e : messages.entrySet()) {
        s.setString(1, e.getKey());
        s.setLong(2, e.getValue().counted);
        s.setLong(3, e.getValue().unique);
        s.setLong(4, e.getValue().opens);
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
