package io.clicktrail.track;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clicktrail.http.Paging;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
          List<LinkCount> links = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT clicks, url FROM links WHERE message_id = ? ORDER BY link_index")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                links.add(new LinkCount(rs.getInt(1), rs.getString(2)));
              }
            }
          }
          long counted = 0;
          long unique = 0;
          long opens = 0;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT counted_clicks, unique_clicks, opens FROM message_engagement"
                      + " WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                counted = rs.getLong(1);
                unique = rs.getLong(2);
                opens = rs.getLong(3);
              }
            }
          }
          return new Summary(links, recents(c, messageId), counted, unique, opens);
        });
  }

  private static List<Recent> recents(Connection c, String messageId) throws SQLException {
    List<Recent> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT counted_seq, ip, link_index, clicked_at, user_agent FROM clicks"
                + " WHERE message_id = ? AND counted_seq IS NOT NULL"
                + " ORDER BY counted_seq DESC LIMIT "
                + RECENTS)) {
      s.setString(1, messageId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Recent(
                  rs.getLong(1),
                  rs.getString(2),
                  Integer.toString(rs.getInt(3)),
                  rs.getLong(4) / 1000,
                  rs.getString(5)));
        }
      }
    }
    Collections.reverse(out);
    return out;
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
          try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, accountId);
            s.setLong(i++, after);
            s.setLong(i++, sinceMillis);
            if (messageId.isPresent()) {
              s.setString(i++, messageId.get());
            }
            s.setInt(i, paging.limit() + 1);
            List<ClickView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                long at = rs.getLong(7);
                out.add(
                    new ClickView(
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
                        rs.getLong(1)));
              }
            }
            return out;
          }
        });
  }
}
