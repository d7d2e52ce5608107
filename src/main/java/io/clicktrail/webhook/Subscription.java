package io.clicktrail.webhook;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription as its owner sees it (the signing secret is never part of it).
 *
 * @param events the event types it receives, in the order given
 * @param createdTime epoch seconds
 * @param failingSince epoch milliseconds of the first failed attempt since the last success, null
 *     when the latest attempt succeeded
 */
public record Subscription(
    String id,
    String accountId,
    String url,
    Format format,
    List<EventType> events,
    @Nullable String description,
    SubscriptionStatus status,
    long createdTime,
    @Nullable Long failingSince) {
  public Subscription {
    events = List.copyOf(events);
  }

  /** Whether it wants {@code type}. */
  public boolean wants(EventType type) {
    return events.contains(type);
  }
}
