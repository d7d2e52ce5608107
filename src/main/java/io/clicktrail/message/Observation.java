package io.clicktrail.message;

import org.jspecify.annotations.Nullable;

/**
 * A status of message {@code id} seen in a WhatsApp webhook, as evidence that the message exists.
 *
 * @param recipient the status's {@code recipient_id}, null when absent
 * @param statusAt the status's time, unix seconds
 */
public record Observation(String id, @Nullable String recipient, long statusAt) {}
