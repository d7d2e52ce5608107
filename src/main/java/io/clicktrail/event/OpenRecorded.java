package io.clicktrail.event;

import org.jspecify.annotations.Nullable;

/**
 * A load of an email's open pixel.
 *
 * @param at time of the request, epoch milliseconds
 */
public record OpenRecorded(
    String openId,
    String accountId,
    String messageId,
    long at,
    @Nullable String ip,
    @Nullable String userAgent,
    String classification,
    String reason)
    implements Event {}
