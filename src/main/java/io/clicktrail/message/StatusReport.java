package io.clicktrail.message;

import org.jspecify.annotations.Nullable;

/**
 * One status of one message as a WhatsApp webhook reported it.
 *
 * @param at the status's time, unix seconds
 * @param errors the status's {@code errors} array as JSON, or null
 * @param pricing the status's per-message pricing, or null
 */
public record StatusReport(
    String messageId,
    DeliveryStatus status,
    long at,
    @Nullable String errors,
    @Nullable MessagePricing pricing) {}
