package io.clicktrail.inbound;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A WhatsApp conversation as the statuses that named it describe it (§7): the read side of the
 * {@code wa_conversations} table the inbound projector keeps.
 *
 * @param phoneNumberId the business phone number of the messages that named it, null when unknown
 * @param recipient the WhatsApp user, digits without {@code +}, null when unknown
 * @param originType {@code conversation.origin.type} as Meta sent it ({@code marketing}, {@code
 *     referral_conversion}, …), null while no status carried one
 * @param billable {@code pricing.billable} of the statuses that named it, null when none said
 * @param firstStatusAt the earliest timestamp (unix seconds) of a status naming it
 */
public record Conversation(
    String accountId,
    String id,
    @Nullable String phoneNumberId,
    @Nullable String recipient,
    @Nullable String originType,
    @Nullable Boolean billable,
    long firstStatusAt) {

  /** Checks for null. */
  public Conversation {
    requireNonNull(accountId, "accountId");
    requireNonNull(id, "id");
  }

  /**
   * The conversation {@code id} of {@code accountId} as stored, read on {@code c} (so inside a
   * projector's transaction it sees what the inbound projector committed); empty when unknown.
   */
  public static Optional<Conversation> find(Connection c, String accountId, String id)
      throws SQLException {
    requireNonNull(c, "c");
    return Sql.one(
        c,
        "SELECT phone_number_id, recipient, origin_type, billable, first_status_at"
            + " FROM wa_conversations WHERE account_id = ? AND id = ?",
        rs -> {
          String phone = rs.getString(1);
          String recipient = rs.getString(2);
          String origin = rs.getString(3);
          boolean billable = rs.getBoolean(4);
          Boolean known = rs.wasNull() ? null : billable;
          return new Conversation(accountId, id, phone, recipient, origin, known, rs.getLong(5));
        },
        requireNonNull(accountId, "accountId"),
        requireNonNull(id, "id"));
  }
}
