package io.clicktrail.inbound;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads the quick-reply button presses on template messages that the inbound projector counts per
 * template, button text and UTC day (§7), for {@code template_analytics}.
 */
public final class QuickReplyClicks {
  private QuickReplyClicks() {}

  /**
   * Presses of one button on one UTC day.
   *
   * @param day 00:00 UTC of the day, unix seconds
   */
  public record Count(String templateId, String buttonText, long day, long clicks) {}

  /**
   * The counts of {@code templateId} of {@code accountId} for days in {@code [fromDay, toDay)}
   * (unix seconds), read on {@code c}, by day then button text.
   */
  public static List<Count> of(
      Connection c, String accountId, String templateId, long fromDay, long toDay)
      throws SQLException {
    requireNonNull(accountId, "accountId");
    requireNonNull(templateId, "templateId");
    return Sql.list(
        c,
        "SELECT template_id, button_text, day, clicks FROM quick_reply_clicks"
            + " WHERE account_id = ? AND template_id = ? AND day >= ? AND day < ?"
            + " ORDER BY day, button_text",
        rs -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)),
        accountId,
        templateId,
        fromDay,
        toDay);
  }
}
