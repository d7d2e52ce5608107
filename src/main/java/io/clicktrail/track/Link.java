package io.clicktrail.track;

/**
 * One link of a message.
 *
 * @param index position in the message (text links, then html links, then cta urls), from 0
 * @param component {@code body} or {@code cta}
 * @param tracked false when the link was returned unchanged (tracking off or opted out)
 */
public record Link(
    long id,
    String accountId,
    String messageId,
    int index,
    String component,
    String url,
    boolean tracked) {}
