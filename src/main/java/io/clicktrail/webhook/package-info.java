/**
 * Outbound webhooks: subscriptions and their verification handshakes, the three wire formats
 * (WhatsApp {@code user_actions}, Nylas notifications, CloudEvents signed per Standard Webhooks),
 * the dispatcher that turns logged events into durable deliveries, the attempts with their retry
 * schedule, and the guard that keeps every outbound connection off private networks.
 */
@NullMarked
package io.clicktrail.webhook;

import org.jspecify.annotations.NullMarked;
