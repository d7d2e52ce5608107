package io.clicktrail.inbound;

import io.clicktrail.event.WhatsAppChangeReceived;
import org.jspecify.annotations.Nullable;

/**
 * One change of a verified webhook payload.
 *
 * @param wabaId the {@code entry[].id} it came under, null when absent
 * @param field the change's {@code field}
 * @param rawValue the change's {@code value} object, exactly the text received
 * @param value the typed value for the {@code messages} field (already validated), else null
 */
record ParsedChange(
    @Nullable String wabaId, String field, String rawValue, @Nullable ChangeValue value) {

  /** The event that carries this change into the log. */
  WhatsAppChangeReceived event(String accountId, long receivedAt) {
    return new WhatsAppChangeReceived(
        accountId, partitionKey(), wabaId, phoneNumberId(), field, rawValue, receivedAt);
  }

  private @Nullable String phoneNumberId() {
    return value == null || value.metadata() == null ? null : value.metadata().phoneNumberId();
  }

  /** The first status's or message's id, else the phone number id, else empty. */
  private String partitionKey() {
    if (value != null) {
      for (StatusUpdate s : ChangeValue.orEmpty(value.statuses())) {
        if (s.id() != null) {
          return s.id();
        }
      }
      for (InboundMessage m : ChangeValue.orEmpty(value.messages())) {
        if (m.id() != null) {
          return m.id();
        }
      }
    }
    String phone = phoneNumberId();
    return phone == null ? "" : phone;
  }
}
