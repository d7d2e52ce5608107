package io.clicktrail.message;

import org.jspecify.annotations.Nullable;

/**
 * A registered outbound message.
 *
 * @param channel {@code whatsapp} or {@code email}
 * @param sentAt epoch seconds
 */
public record Message(
    String id,
    String accountId,
    String channel,
    @Nullable String phoneNumberId,
    @Nullable String grantId,
    String recipient,
    @Nullable String templateId,
    @Nullable String label,
    @Nullable String productId,
    long sentAt,
    boolean trackLinks,
    boolean trackOpens) {}
