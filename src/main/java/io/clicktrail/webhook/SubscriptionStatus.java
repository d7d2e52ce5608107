package io.clicktrail.webhook;

import java.util.Locale;

/**
 * Where a subscription stands. Deliveries are attempted for {@link #ACTIVE} and {@link #FAILING}
 * subscriptions only; events are queued for every subscription but a {@link #PAUSED} one.
 */
public enum SubscriptionStatus {
  /** Delivering, latest attempt succeeded (or none yet). */
  ACTIVE,
  /** Delivering, but the latest attempt failed. */
  FAILING,
  /** Failing continuously for {@code webhook-disable-after} (or answered 410): no attempts. */
  FAILED,
  /** Paused by its owner: nothing queued, nothing attempted. */
  PAUSED;

  /** The name used in the API and the store. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static SubscriptionStatus fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
