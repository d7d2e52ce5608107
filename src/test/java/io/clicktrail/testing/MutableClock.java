package io.clicktrail.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it; safe to read from the server's threads while a
 * test moves it. Resolution: milliseconds.
 */
public final class MutableClock implements InstantSource {
  private final AtomicLong millis;

  private MutableClock(long millis) {
    this.millis = new AtomicLong(millis);
  }

  /** A clock standing at {@code start}. */
  public static MutableClock at(Instant start) {
    return new MutableClock(requireNonNull(start, "start").toEpochMilli());
  }

  /** A clock standing at the current time of the system clock, cut to milliseconds. */
  public static MutableClock ofNow() {
    return new MutableClock(System.currentTimeMillis());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves the clock forward (or back, with a negative amount) by {@code amount}. */
  public void advance(Duration amount) {
    millis.addAndGet(requireNonNull(amount, "amount").toMillis());
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    millis.set(requireNonNull(instant, "instant").toEpochMilli());
  }
}
