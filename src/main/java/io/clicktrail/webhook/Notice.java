package io.clicktrail.webhook;

/**
 * What a subscriber is told about, independent of wire format: a click, an open, or a WhatsApp
 * status or inbound change relayed as Meta sent it. Stored with each queued event, so every attempt
 * and every replay renders the same facts.
 */
public sealed interface Notice permits ClickNotice, OpenNotice, RelayNotice {
  /** The account the fact belongs to. */
  String accountId();

  /** The message the fact is about (the CloudEvents {@code subject}). */
  String messageId();

  /** When it happened, epoch milliseconds. */
  long at();

  /** The subscription event type it matches. */
  EventType type();
}
