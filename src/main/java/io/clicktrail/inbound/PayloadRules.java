package io.clicktrail.inbound;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code messages} change must hold for the projector to trust it: ids and timestamps where
 * they identify or order something, bounded lengths for keys, and no null list items. Everything
 * else is optional, as Meta adds and drops fields.
 */
final class PayloadRules {
  /** The longest id accepted (message, conversation, account ids). */
  static final int MAX_ID = 256;

  /** The longest user id, phone number id or status name accepted. */
  static final int MAX_SHORT = 64;

  private PayloadRules() {}

  /**
   * Checks {@code value}.
   *
   * @param at its path in the payload, for messages
   * @throws ApiException 400 code 100 naming the first offending field
   */
  static void check(ChangeValue value, String at) {
    if (value.metadata() != null) {
      bounded(value.metadata().phoneNumberId(), MAX_SHORT, at + ".metadata.phone_number_id");
    }
    List<ChangeValue.Contact> contacts = items(value.contacts(), at + ".contacts");
    for (int i = 0; i < contacts.size(); i++) {
      bounded(contacts.get(i).waId(), MAX_SHORT, at + ".contacts[" + i + "].wa_id");
    }
    List<StatusUpdate> statuses = items(value.statuses(), at + ".statuses");
    for (int i = 0; i < statuses.size(); i++) {
      status(statuses.get(i), at + ".statuses[" + i + "]");
    }
    List<InboundMessage> messages = items(value.messages(), at + ".messages");
    for (int i = 0; i < messages.size(); i++) {
      message(messages.get(i), at + ".messages[" + i + "]");
    }
    List<UserAction> actions = items(value.userActions(), at + ".user_actions");
    for (int i = 0; i < actions.size(); i++) {
      action(actions.get(i), at + ".user_actions[" + i + "]");
    }
    items(value.errors(), at + ".errors");
  }

  private static void status(StatusUpdate s, String at) {
    required(s.id(), MAX_ID, at + ".id");
    required(s.status(), MAX_SHORT, at + ".status");
    timestamp(s.timestamp(), at + ".timestamp");
    bounded(s.recipientId(), MAX_SHORT, at + ".recipient_id");
    if (s.conversation() != null) {
      bounded(s.conversation().id(), MAX_ID, at + ".conversation.id");
      if (s.conversation().expirationTimestamp() != null) {
        timestamp(
            s.conversation().expirationTimestamp(), at + ".conversation.expiration_timestamp");
      }
    }
    items(s.errors(), at + ".errors");
  }

  private static void message(InboundMessage m, String at) {
    required(m.id(), MAX_ID, at + ".id");
    required(m.from(), MAX_SHORT, at + ".from");
    timestamp(m.timestamp(), at + ".timestamp");
    bounded(m.type(), MAX_SHORT, at + ".type");
    if (m.context() != null) {
      bounded(m.context().id(), MAX_ID, at + ".context.id");
    }
    if (m.referral() != null) {
      bounded(m.referral().sourceId(), MAX_ID, at + ".referral.source_id");
    }
    items(m.contacts(), at + ".contacts");
    items(m.errors(), at + ".errors");
    if (m.order() != null) {
      items(m.order().productItems(), at + ".order.product_items");
    }
  }

  private static void action(UserAction a, String at) {
    timestamp(a.timestamp(), at + ".timestamp");
    bounded(a.actionType(), MAX_SHORT, at + ".action_type");
    UserAction.LinkClickData d = a.marketingMessagesLinkClickData();
    if (d != null) {
      bounded(d.clickId(), MAX_ID, at + ".marketing_messages_link_click_data.click_id");
      bounded(d.trackingToken(), MAX_ID, at + ".marketing_messages_link_click_data.tracking_token");
    }
  }

  /** The items of an optional list, which must not contain nulls. */
  private static <T> List<T> items(@Nullable List<T> list, String at) {
    if (list == null) {
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw ApiException.invalid("field '" + at + "[" + i + "]' must not be null");
      }
    }
    return list;
  }

  private static void required(@Nullable String value, int max, String at) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("missing field '" + at + "'");
    }
    bounded(value, max, at);
  }

  private static void bounded(@Nullable String value, int max, String at) {
    if (value != null && value.length() > max) {
      throw ApiException.invalid("field '" + at + "' is longer than " + max + " characters");
    }
  }

  private static void timestamp(@Nullable String value, String at) {
    if (value == null) {
      throw ApiException.invalid("missing field '" + at + "'");
    }
    if (seconds(value) < 0) {
      throw ApiException.invalid(
          "field '" + at + "' value '" + Params.clip(value) + "' must be unix seconds");
    }
  }

  /** {@code value} as unix seconds (decimal digits, 0 to year 9999), or -1 when it is not. */
  static long seconds(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 12) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    long v = Long.parseLong(value);
    return Params.isUnixSeconds(v) ? v : -1;
  }
}
