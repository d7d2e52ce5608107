package io.clicktrail.inbound;

import io.clicktrail.message.Message;
import io.clicktrail.message.Messages;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Folds {@code messages[]} (with {@code contacts[]}) into inbound messages, contacts, reply links,
 * quick-reply button counts and Click-to-WhatsApp referrals, inside the projector's transaction. An
 * inbound message is keyed by (account, id): a message already stored changes nothing, so its
 * button press and referral count once however often Meta delivers it.
 */
final class MessageProjection {

  /** Where a change came from. */
  record Origin(String accountId, @Nullable String phoneNumberId, long receivedAt) {}

  /** Projects {@code all}; {@code raw} holds the JSON text of each message, at the same index. */
  void apply(
      Connection tx,
      Origin origin,
      List<ChangeValue.Contact> contacts,
      List<InboundMessage> all,
      List<String> raw)
      throws SQLException {
    for (int i = 0; i < all.size(); i++) {
      InboundMessage m = all.get(i);
      long at = PayloadRules.seconds(m.timestamp());
      if (m.id() == null || m.from() == null || at < 0) {
        continue; // refused at the edge; kept out of the read models should one ever get here
      }
      String user = userId(m.from(), contacts);
      Optional<Message> repliedTo = repliedTo(tx, origin.accountId(), m);
      if (!insert(tx, origin, m, raw.get(i), user, at, repliedTo)) {
        continue;
      }
      contact(tx, origin.accountId(), user, profileName(user, contacts), at);
      String pressed = m.pressedButtonText();
      if (pressed != null && repliedTo.isPresent() && repliedTo.get().templateId() != null) {
        quickReply(tx, origin.accountId(), repliedTo.get().templateId(), pressed, at);
      }
      if (m.referral() != null && m.referral().sourceId() != null) {
        referral(tx, origin.accountId(), m.id(), user, m.referral(), at);
      }
    }
  }

  /**
   * The user's WhatsApp id: the {@code wa_id} of the contact matching {@code from}, else of the
   * only contact, else {@code from} without a leading {@code +}.
   */
  static String userId(String from, List<ChangeValue.Contact> contacts) {
    String bare = from.startsWith("+") ? from.substring(1) : from;
    for (ChangeValue.Contact c : contacts) {
      if (bare.equals(c.waId())) {
        return bare;
      }
    }
    if (contacts.size() == 1 && contacts.get(0).waId() != null) {
      return contacts.get(0).waId();
    }
    return bare;
  }

  private static @Nullable String profileName(String user, List<ChangeValue.Contact> contacts) {
    for (ChangeValue.Contact c : contacts) {
      if (user.equals(c.waId()) && c.profile() != null) {
        return c.profile().name();
      }
    }
    return null;
  }

  /** The account's message this one replies to, when {@code context.id} names one. */
  private static Optional<Message> repliedTo(Connection tx, String accountId, InboundMessage m)
      throws SQLException {
    String contextId = m.context() == null ? null : m.context().id();
    if (contextId == null) {
      return Optional.empty();
    }
    return Messages.find(tx, contextId).filter(x -> x.accountId().equals(accountId));
  }

  private static boolean insert(
      Connection tx,
      Origin origin,
      InboundMessage m,
      String payload,
      String user,
      long at,
      Optional<Message> repliedTo)
      throws SQLException {
    return Sql.update(
            tx,
            "INSERT INTO inbound_messages (account_id, id, phone_number_id, from_wa_id, type,"
                + " sent_at, summary, context_id, reply_to, button_text, referral_source_id,"
                + " payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (account_id, id) DO NOTHING",
            origin.accountId(),
            m.id(),
            origin.phoneNumberId(),
            user,
            m.type(),
            at,
            m.summary(),
            m.context() == null ? null : m.context().id(),
            repliedTo.map(Message::id).orElse(null),
            m.pressedButtonText(),
            m.referral() == null ? null : m.referral().sourceId(),
            payload,
            origin.receivedAt())
        > 0;
  }

  /** The latest message's profile name wins; the first and last times are kept. */
  private static void contact(
      Connection tx, String accountId, String user, @Nullable String name, long at)
      throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO wa_contacts (account_id, wa_id, profile_name, first_seen_at, last_seen_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, wa_id) DO UPDATE SET"
            + " profile_name = CASE WHEN excluded.last_seen_at >= wa_contacts.last_seen_at"
            + " THEN COALESCE(excluded.profile_name, wa_contacts.profile_name)"
            + " ELSE COALESCE(wa_contacts.profile_name, excluded.profile_name) END,"
            + " first_seen_at = CASE WHEN excluded.first_seen_at < wa_contacts.first_seen_at"
            + " THEN excluded.first_seen_at ELSE wa_contacts.first_seen_at END,"
            + " last_seen_at = CASE WHEN excluded.last_seen_at > wa_contacts.last_seen_at"
            + " THEN excluded.last_seen_at ELSE wa_contacts.last_seen_at END",
        accountId,
        user,
        name,
        at,
        at);
  }

  private static void quickReply(
      Connection tx, String accountId, String templateId, String text, long at)
      throws SQLException {
    long day = Math.floorDiv(at, 86_400L) * 86_400L;
    Sql.update(
        tx,
        "INSERT INTO quick_reply_clicks (account_id, template_id, button_text, day, clicks)"
            + " VALUES (?, ?, ?, ?, 1) ON CONFLICT (template_id, button_text, day) DO UPDATE SET"
            + " clicks = quick_reply_clicks.clicks + 1",
        accountId,
        templateId,
        text,
        day);
  }

  private static void referral(
      Connection tx,
      String accountId,
      String messageId,
      String user,
      InboundMessage.Referral r,
      long at)
      throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO ad_referrals (account_id, message_id, wa_id, source_id, source_type,"
            + " source_url, headline, body, media_type, image_url, video_url, thumbnail_url,"
            + " ctwa_clid, welcome_text, referred_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, message_id) DO NOTHING",
        accountId,
        messageId,
        user,
        r.sourceId(),
        r.sourceType(),
        r.sourceUrl(),
        r.headline(),
        r.body(),
        r.mediaType(),
        r.imageUrl(),
        r.videoUrl(),
        r.thumbnailUrl(),
        r.ctwaClid(),
        r.welcomeMessage() == null ? null : r.welcomeMessage().text(),
        at);
  }
}
