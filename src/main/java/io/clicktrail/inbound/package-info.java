/**
 * Inbound WhatsApp Cloud API webhooks. The endpoint ({@code /webhooks/whatsapp/{account_id}})
 * answers Meta's verification handshake, checks the {@code X-Hub-Signature-256} HMAC of the raw
 * body, parses the payload into a typed model and appends one {@link
 * io.clicktrail.event.WhatsAppChangeReceived} per change to the event log, answering 200 only once
 * they are durable. The inbound projector folds those events into read models (status timelines and
 * pricing through the message package, conversations, inbound messages and contacts, replies,
 * quick-reply button clicks, Click-to-WhatsApp referrals, Meta's own click reports), idempotently
 * on natural keys so that Meta's retries and reordering change nothing.
 */
@NullMarked
package io.clicktrail.inbound;

import org.jspecify.annotations.NullMarked;
