package io.clicktrail.event;

import org.jspecify.annotations.Nullable;

/**
 * One {@code entry[].changes[]} item of a signed WhatsApp Cloud API webhook, appended before the
 * webhook was answered 200. The {@code value} is kept as the exact JSON text Meta sent, so it can
 * be relayed unchanged to {@code status} and {@code inbound} subscribers and projected again at any
 * time.
 *
 * @param accountId the account whose callback URL received the webhook (it signed the body)
 * @param messageId the partition key: the id of the change's first status or message, else its
 *     phone number id, else the empty string
 * @param wabaId the {@code entry[].id} Meta sent (kept, not checked against the account)
 * @param phoneNumberId {@code value.metadata.phone_number_id}, null when absent
 * @param field the change's {@code field}, e.g. {@code messages}
 * @param value the change's {@code value} object, byte for byte as received (UTF-8 JSON text)
 * @param receivedAt when the webhook was received, epoch milliseconds
 */
public record WhatsAppChangeReceived(
    String accountId,
    String messageId,
    @Nullable String wabaId,
    @Nullable String phoneNumberId,
    String field,
    String value,
    long receivedAt)
    implements Event {}
