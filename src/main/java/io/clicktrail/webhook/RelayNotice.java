package io.clicktrail.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A change of a WhatsApp webhook that Clicktrail ingested, relayed to {@code status} or {@code
 * inbound} subscribers with its {@code value} unchanged.
 *
 * @param type {@link EventType#STATUS} or {@link EventType#INBOUND}
 * @param messageId the status's message id, or the inbound message's id
 * @param at the status or message timestamp, epoch milliseconds
 * @param value the change's {@code value} object exactly as Meta sent it
 */
public record RelayNotice(
    String accountId, EventType type, String messageId, long at, JsonNode value) implements Notice {
  public RelayNotice {
    if (type != EventType.STATUS && type != EventType.INBOUND) {
      throw new IllegalArgumentException("a relay is a status or inbound event, not " + type);
    }
  }
}
