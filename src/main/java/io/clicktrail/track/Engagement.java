package io.clicktrail.track;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clicktrail.http.Paging;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads the engagement read models: per-message link counts, recents, uniques, opens, clicks. */
public final class Engagement {
  /** How many recent clicks a message view and a Nylas payload carry. */
  public static final int RECENTS = 50;

  private final Store store;

  public Engagement(Store store) {
    this.store = store;
  }

  /** A link's counted clicks. */
  public record LinkCount(int count, String url) {}

  /**
   * A counted click as Nylas shows it.
   *
   * @param clickId the click's sequence number among the message's counted clicks, from 0
   * @param timestamp epoch seconds
   */
  public record Recent(
      long clickId,
      @Nullable String ip,
      String linkIndex,
      long timestamp,
      @Nullable String userAgent) {}

  /** A message's engagement. */
  public record Summary(
      List<LinkCount> linkData,
      List<Recent> recents,
      long countedClicks,
      long uniqueClicks,
      long opens) {}

  /**
   * One stored click, as {@code GET /v1/clicks} lists it.
   *
   * @param timestamp epoch seconds
   * @param timestampMs epoch milliseconds
   * @param unique whether it was the first counted click on its link
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ClickView(
      String clickId,
      String messageId,
      String linkIndex,
      String component,
      String url,
      long timestamp,
      long timestampMs,
      @Nullable String ip,
      @Nullable String userAgent,
      String classification,
      String reason,
      String source,
      boolean unique,
      @com.fasterxml.jackson.annotation.JsonIgnore long seq) {}

  /** The engagement of {@code messageId} (zeros for a message nobody engaged with). */
  public Summary of(String messageId) {
    return store.read(
        c -> {
          List<LinkCount> links =
              Sql.list(
                  c,
                  "SELECT clicks, url FROM links WHERE message_id = ? ORDER BY link_index",
                  rs -> new LinkCount(rs.getInt(1), rs.getString(2)),
                  messageId);
          Totals totals =
              Sql.one(
                      c,
                      "SELECT counted_clicks, unique_clicks, opens FROM message_engagement"
                          + " WHERE message_id = ?",
                      rs -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                      messageId)
                  .orElse(Totals.NONE);
          return new Summary(
              links, recents(c, messageId), totals.counted(), totals.unique(), totals.opens());
        });
  }

  /** A message's engagement counters, zeros before anyone engaged. */
  private record Totals(long counted, long unique, long opens) {
    static final Totals NONE = new Totals(0, 0, 0);
  }

  private static List<Recent> recents(Connection c, String messageId) throws SQLException {
    // counted clicks are numbered in log order, so seq order is counted_seq order and the
    // (message_id, seq) index serves this query
    List<Recent> out =
        Sql.list(
            c,
            "SELECT counted_seq, ip, link_index, clicked_at, user_agent FROM clicks"
                + " WHERE message_id = ? AND counted_seq IS NOT NULL"
                + " ORDER BY seq DESC LIMIT "
                + RECENTS,
            Engagement::readRecent,
            messageId);
    Collections.reverse(out);
    return out;
  }

  /**
   * A counted click and its message's engagement as of that click.
   *
   * @param sequence the click's number among the message's counted clicks, from 0
   * @param linkId the clicked link
   * @param linkData counted clicks per tracked link, in link order, up to and including this click
   * @param recents the last {@value #RECENTS} counted clicks up to this one, oldest first
   */
  public record ClickAsOf(
      long sequence, long linkId, List<LinkCount> linkData, List<Recent> recents) {}

  /**
   * The click {@code clickId} as the engagement projection counted it; empty when it is not
   * projected yet or was not counted. Reads through {@code c}, so a consumer that follows the
   * engagement projector sees the state its event produced.
   */
  public static Optional<ClickAsOf> clickAsOf(Connection c, String clickId) throws SQLException {
    record Row(long seq, String messageId, long linkId, long counted) {}
    Optional<Row> row =
        Sql.one(
            c,
            "SELECT seq, message_id, link_id, counted_seq FROM clicks"
                + " WHERE click_id = ? AND counted_seq IS NOT NULL",
            rs -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)),
            clickId);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Row click = row.get();
    List<LinkCount> links =
        Sql.list(
            c,
            "SELECT (SELECT COUNT(*) FROM clicks k WHERE k.message_id = l.message_id"
                + " AND k.link_id = l.id AND k.seq <= ? AND k.counted_seq IS NOT NULL), l.url"
                + " FROM links l WHERE l.message_id = ? AND l.tracked ORDER BY l.link_index",
            rs -> new LinkCount(rs.getInt(1), rs.getString(2)),
            click.seq(),
            click.messageId());
    List<Recent> recents =
        Sql.list(
            c,
            "SELECT counted_seq, ip, link_index, clicked_at, user_agent FROM clicks"
                + " WHERE message_id = ? AND seq <= ? AND counted_seq IS NOT NULL"
                + " ORDER BY seq DESC LIMIT "
                + RECENTS,
            Engagement::readRecent,
            click.messageId(),
            click.seq());
    Collections.reverse(recents);
    return Optional.of(new ClickAsOf(click.counted(), click.linkId(), links, recents));
  }

  /**
   * A counted open as Nylas shows it.
   *
   * @param openedId the open's number among the message's counted opens, from 0
   * @param timestamp epoch seconds
   */
  public record RecentOpen(
      long openedId, @Nullable String ip, long timestamp, @Nullable String userAgent) {}

  /**
   * The last {@value #RECENTS} counted opens of the open {@code openId}'s message up to that open,
   * oldest first; empty when the open is not projected yet or was not counted.
   */
  public static Optional<List<RecentOpen>> openAsOf(Connection c, String openId)
      throws SQLException {
    record Row(long seq, String messageId) {}
    Optional<Row> row =
        Sql.one(
            c,
            "SELECT seq, message_id FROM opens WHERE open_id = ? AND counted_seq IS NOT NULL",
            rs -> new Row(rs.getLong(1), rs.getString(2)),
            openId);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<RecentOpen> recents =
        Sql.list(
            c,
            "SELECT counted_seq, ip, opened_at, user_agent FROM opens"
                + " WHERE message_id = ? AND seq <= ? AND counted_seq IS NOT NULL"
                + " ORDER BY seq DESC LIMIT "
                + RECENTS,
            rs ->
                new RecentOpen(
                    rs.getLong(1), rs.getString(2), rs.getLong(3) / 1000, rs.getString(4)),
            row.get().messageId(),
            row.get().seq());
    Collections.reverse(recents);
    return Optional.of(recents);
  }

  private static Recent readRecent(ResultSet rs) throws SQLException {
    return new Recent(
        rs.getLong(1),
        rs.getString(2),
        Integer.toString(rs.getInt(3)),
        rs.getLong(4) / 1000,
        rs.getString(5));
  }

  /**
   * Stored clicks of {@code accountId}, oldest first: of one message when given, at or after {@code
   * sinceMillis}, one page (plus one to tell whether more follow).
   */
  public List<ClickView> clicks(
      String accountId, Optional<String> messageId, long sinceMillis, Paging paging) {
    long after = paging.afterNumber().orElse(0L);
    return store.read(
        c -> {
          String sql =
              "SELECT seq, click_id, message_id, link_index, component, url, clicked_at, ip,"
                  + " user_agent, classification, reason, source, first_on_link FROM clicks"
                  + " WHERE account_id = ? AND seq > ? AND clicked_at >= ?"
                  + (messageId.isPresent() ? " AND message_id = ?" : "")
                  + " ORDER BY seq LIMIT ?";
          List<Object> params = new ArrayList<>(5);
          params.add(accountId);
          params.add(after);
          params.add(sinceMillis);
          messageId.ifPresent(params::add);
          params.add(paging.limit() + 1);
          return Sql.list(c, sql, Engagement::readClick, params.toArray());
        });
  }

  private static ClickView readClick(ResultSet rs) throws SQLException {
    long at = rs.getLong(7);
    return new ClickView(
        rs.getString(2),
        rs.getString(3),
        Integer.toString(rs.getInt(4)),
        rs.getString(5),
        rs.getString(6),
        at / 1000,
        at,
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getBoolean(13),
        rs.getLong(1));
  }
}
