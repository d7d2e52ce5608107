package io.clicktrail.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clicktrail.message.DeliveryStatus;
import io.clicktrail.message.Message;
import io.clicktrail.message.MessagePricing;
import io.clicktrail.message.Messages;
import io.clicktrail.message.Observation;
import io.clicktrail.message.StatusReport;
import io.clicktrail.message.StatusTimelines;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds {@code statuses[]} into message timelines, pricing and conversations, inside the
 * projector's transaction, a whole change at a time (one lookup and a few write batches for up to a
 * thousand statuses). A status of an id never seen creates the message (observed); a status of
 * another account's message is ignored. Every write keeps minima or follows status rank, so
 * duplicates and reordering change nothing.
 */
final class StatusProjection {
  private static final Logger LOG = LoggerFactory.getLogger(StatusProjection.class);

  private static final String UPSERT_CONVERSATION =
      "INSERT INTO wa_conversations (account_id, id, phone_number_id, recipient, origin_type,"
          + " expires_at, billable, first_status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, id) DO UPDATE SET"
          + " phone_number_id = COALESCE(wa_conversations.phone_number_id,"
          + " excluded.phone_number_id),"
          + " recipient = COALESCE(wa_conversations.recipient, excluded.recipient),"
          + " origin_type = COALESCE(wa_conversations.origin_type, excluded.origin_type),"
          + " expires_at = COALESCE(wa_conversations.expires_at, excluded.expires_at),"
          + " billable = COALESCE(wa_conversations.billable, excluded.billable),"
          + " first_status_at = CASE WHEN excluded.first_status_at"
          + " < wa_conversations.first_status_at THEN excluded.first_status_at"
          + " ELSE wa_conversations.first_status_at END";

  private final Messages messages;

  StatusProjection(Messages messages) {
    this.messages = messages;
  }

  /** A status Clicktrail tracks, with its parsed parts. */
  private record Tracked(StatusUpdate update, String id, DeliveryStatus status, long at) {}

  /** One conversation as the change's statuses describe it. */
  private record ConversationRow(
      String id,
      @Nullable String phoneNumberId,
      @Nullable String recipient,
      @Nullable String origin,
      @Nullable Long expires,
      @Nullable Boolean billable,
      long firstAt) {

    ConversationRow merge(ConversationRow o) {
      boolean earlier = o.firstAt() < firstAt;
      ConversationRow a = earlier ? o : this;
      ConversationRow b = earlier ? this : o;
      return new ConversationRow(
          id,
          a.phoneNumberId() != null ? a.phoneNumberId() : b.phoneNumberId(),
          a.recipient() != null ? a.recipient() : b.recipient(),
          a.origin() != null ? a.origin() : b.origin(),
          a.expires() != null ? a.expires() : b.expires(),
          a.billable() != null ? a.billable() : b.billable(),
          a.firstAt());
    }
  }

  void apply(
      Connection tx, String accountId, @Nullable String phoneNumberId, List<StatusUpdate> all)
      throws SQLException {
    List<Tracked> tracked = new ArrayList<>(all.size());
    List<Observation> observations = new ArrayList<>(all.size());
    for (StatusUpdate s : all) {
      Optional<DeliveryStatus> status =
          s.status() == null ? Optional.empty() : DeliveryStatus.parse(s.status());
      long at = PayloadRules.seconds(s.timestamp());
      // a status Clicktrail does not track (Meta adds some) is only relayed
      if (status.isPresent() && s.id() != null && at >= 0) {
        tracked.add(new Tracked(s, s.id(), status.get(), at));
        observations.add(new Observation(s.id(), recipient(s), at));
      }
    }
    if (tracked.isEmpty()) {
      return;
    }
    Map<String, Message> known = messages.observe(tx, accountId, phoneNumberId, observations);
    List<StatusReport> reports = new ArrayList<>(tracked.size());
    Map<String, ConversationRow> conversations = new LinkedHashMap<>();
    int skipped = 0;
    for (Tracked t : tracked) {
      Message message = known.get(t.id());
      if (message == null) {
        skipped++;
        continue;
      }
      reports.add(new StatusReport(t.id(), t.status(), t.at(), errors(t.update()), pricing(t)));
      ConversationRow c = conversation(t, message);
      if (c != null) {
        conversations.merge(c.id(), c, ConversationRow::merge);
      }
    }
    if (skipped > 0) {
      LOG.debug("{} statuses skipped: another account's message, or no recipient", skipped);
    }
    StatusTimelines.record(tx, reports);
    List<@Nullable Object[]> rows = new ArrayList<>(conversations.size());
    for (ConversationRow c : conversations.values()) {
      rows.add(
          new Object[] {
            accountId,
            c.id(),
            c.phoneNumberId(),
            c.recipient(),
            c.origin(),
            c.expires(),
            c.billable(),
            c.firstAt()
          });
    }
    Sql.batch(tx, UPSERT_CONVERSATION, rows);
  }

  private static @Nullable String recipient(StatusUpdate s) {
    String r = s.recipientId();
    if (r == null || r.isBlank()) {
      return null;
    }
    return r.startsWith("+") ? r.substring(1) : r;
  }

  private static @Nullable MessagePricing pricing(Tracked t) {
    StatusUpdate.Pricing p = t.update().pricing();
    return p == null
        ? null
        : MessagePricing.of(p.billable(), p.pricingModel(), p.category(), p.type());
  }

  private static @Nullable String errors(StatusUpdate s) {
    if (s.errors() == null || s.errors().isEmpty()) {
      return null;
    }
    try {
      return PayloadParser.MAPPER.writeValueAsString(s.errors());
    } catch (JsonProcessingException e) {
      return null; // parsed from JSON a moment ago: cannot happen
    }
  }

  /**
   * The conversation a status names: its first status time is the status's; fields a status may
   * omit (origin, expiration, billable) are filled by the earliest status that has them.
   */
  private static @Nullable ConversationRow conversation(Tracked t, Message message) {
    StatusUpdate.Conversation c = t.update().conversation();
    if (c == null || c.id() == null) {
      return null;
    }
    long expires = PayloadRules.seconds(c.expirationTimestamp());
    StatusUpdate.Pricing p = t.update().pricing();
    return new ConversationRow(
        Objects.requireNonNull(c.id()),
        message.phoneNumberId(),
        message.recipient(),
        c.origin() == null ? null : c.origin().type(),
        expires < 0 ? null : expires,
        p == null ? null : p.billable(),
        t.at());
  }
}
