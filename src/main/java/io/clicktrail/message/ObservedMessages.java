package io.clicktrail.message;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The batch behind {@link Messages#observe}: one lookup, one insert batch, one update batch. */
final class ObservedMessages {

  private ObservedMessages() {}

  private record Stored(Message message, boolean observed) {}

  static Map<String, Message> observe(
      Connection tx,
      long nowMillis,
      String accountId,
      @Nullable String phoneNumberId,
      Collection<Observation> observations)
      throws SQLException {
    Map<String, Observation> merged = new LinkedHashMap<>();
    for (Observation o : observations) {
      merged.merge(
          o.id(),
          o,
          (a, b) ->
              new Observation(
                  a.id(),
                  a.recipient() != null ? a.recipient() : b.recipient(),
                  Math.min(a.statusAt(), b.statusAt())));
    }
    Map<String, Stored> existing = stored(tx, new ArrayList<>(merged.keySet()));
    Map<String, Message> out = new HashMap<>();
    List<@Nullable Object[]> inserts = new ArrayList<>();
    List<@Nullable Object[]> moves = new ArrayList<>();
    for (Observation o : merged.values()) {
      Stored s = existing.get(o.id());
      if (s != null) {
        Message m = s.message();
        if (!m.accountId().equals(accountId)) {
          continue;
        }
        if (s.observed() && o.statusAt() < m.sentAt()) {
          moves.add(new Object[] {o.statusAt(), o.id()});
          m = withSentAt(m, o.statusAt());
        }
        out.put(o.id(), m);
      } else if (o.recipient() != null) {
        inserts.add(
            new Object[] {
              o.id(),
              accountId,
              phoneNumberId,
              o.recipient(),
              o.statusAt(),
              nowMillis,
              false,
              false,
              true
            });
        out.put(
            o.id(),
            new Message(
                o.id(),
                accountId,
                "whatsapp",
                phoneNumberId,
                null,
                o.recipient(),
                null,
                null,
                null,
                o.statusAt(),
                false,
                false));
      }
    }
    Sql.batch(
        tx,
        "INSERT INTO messages (id, account_id, channel, phone_number_id, recipient, sent_at,"
            + " registered_at, track_links, track_opens, observed)"
            + " VALUES (?, ?, 'whatsapp', ?, ?, ?, ?, ?, ?, ?)",
        inserts);
    Sql.batch(tx, "UPDATE messages SET sent_at = ? WHERE id = ? AND observed", moves);
    return out;
  }

  private static Message withSentAt(Message m, long sentAt) {
    return new Message(
        m.id(),
        m.accountId(),
        m.channel(),
        m.phoneNumberId(),
        m.grantId(),
        m.recipient(),
        m.templateId(),
        m.label(),
        m.productId(),
        sentAt,
        m.trackLinks(),
        m.trackOpens());
  }

  private static Map<String, Stored> stored(Connection tx, List<String> ids) throws SQLException {
    return Sql.mapIn(
        tx,
        "SELECT " + Messages.COLUMNS + ", observed FROM messages WHERE id IN (" + Sql.KEYS + ")",
        ids,
        rs -> new Stored(Messages.row(rs), rs.getBoolean(Messages.COLUMN_COUNT + 1)));
  }
}
