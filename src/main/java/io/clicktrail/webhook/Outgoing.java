package io.clicktrail.webhook;

import java.time.Instant;

/**
 * What an attempt adds to a notice: its ids, its number and its keys.
 *
 * @param webhookId the delivery's id, the same on every attempt and replay
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param queuedAt when the delivery was queued (the notification's {@code time})
 * @param now when this attempt is made (Standard Webhooks {@code webhook-timestamp})
 * @param secret the subscription's signing secret ({@code whsec_…} for CloudEvents, 64 hex chars
 *     otherwise)
 * @param appSecret the account's app secret (the key of WhatsApp's {@code X-Hub-Signature-256})
 */
public record Outgoing(
    String webhookId, int attempt, Instant queuedAt, Instant now, String secret, String appSecret) {
  @Override
  public String toString() {
    return "Outgoing[webhookId=" + webhookId + ", attempt=" + attempt + "]";
  }
}
