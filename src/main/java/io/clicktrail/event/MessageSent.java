package io.clicktrail.event;

import org.jspecify.annotations.Nullable;

/**
 * An outbound message was registered; appended in the registration's own transaction.
 *
 * @param sentAt epoch seconds
 */
public record MessageSent(
    String accountId,
    String messageId,
    String channel,
    @Nullable String phoneNumberId,
    String recipient,
    @Nullable String templateId,
    long sentAt)
    implements Event {}
