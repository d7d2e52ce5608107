package io.clicktrail.demo;

import java.net.URI;
import java.time.Duration;

/**
 * The outcome of {@link DemoSeeder#seed}: the demo account and how to open it, and the webhook
 * receiver its subscriptions deliver to, which runs until {@link #close()}. Closing twice is
 * harmless.
 */
public final class SeededDemo implements AutoCloseable {
  private final String accountId;
  private final String token;
  private final URI dashboardUrl;
  private final Duration seedingTime;
  private final DemoReceiver receiver;

  SeededDemo(
      String accountId,
      String token,
      URI dashboardUrl,
      Duration seedingTime,
      DemoReceiver receiver) {
    this.accountId = accountId;
    this.token = token;
    this.dashboardUrl = dashboardUrl;
    this.seedingTime = seedingTime;
    this.receiver = receiver;
  }

  /** The demo account's id (its WABA id). */
  public String accountId() {
    return accountId;
  }

  /** An access token of the demo account. */
  public String token() {
    return token;
  }

  /** The dashboard, signed in with {@link #token()}. */
  public URI dashboardUrl() {
    return dashboardUrl;
  }

  /** How long seeding took, from the plan to the last click. */
  public Duration seedingTime() {
    return seedingTime;
  }

  /** Deliveries the healthy subscription's receiver has accepted so far. */
  public long deliveriesAccepted() {
    return receiver.accepted();
  }

  /** Deliveries the failing subscription's receiver has answered with 500 so far. */
  public long deliveriesRefused() {
    return receiver.refused();
  }

  /** Stops the webhook receiver. */
  @Override
  public void close() {
    receiver.close();
  }
}
