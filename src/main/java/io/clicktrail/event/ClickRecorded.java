package io.clicktrail.event;

import org.jspecify.annotations.Nullable;

/**
 * A request on a tracked link, recorded at the edge before its redirect was answered.
 *
 * @param clickId unique, URL-safe id, also appended to the redirect target
 * @param at time of the request, epoch milliseconds
 * @param ip client address as stored (possibly anonymized), null when erased
 * @param userAgent the request's {@code User-Agent}, null when absent
 * @param classification {@code human}, {@code bot} or {@code prefetch}
 * @param reason the rule that classified the click
 * @param source {@code clicktrail} for clicks on our links, {@code meta} for Meta's user_actions
 */
public record ClickRecorded(
    String clickId,
    String accountId,
    String messageId,
    long linkId,
    int linkIndex,
    String component,
    String url,
    long at,
    @Nullable String ip,
    @Nullable String userAgent,
    String classification,
    String reason,
    String source)
    implements Event {}
