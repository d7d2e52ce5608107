package io.clicktrail.event;

/**
 * A fact appended to the event log. Every event names the message it belongs to, which is also its
 * partition key: one message's events are consumed in order.
 */
public sealed interface Event
    permits ClickRecorded, OpenRecorded, MessageSent, WhatsAppChangeReceived {

  /** The account the event belongs to. */
  String accountId();

  /** The message the event belongs to; the partition key. */
  String messageId();
}
