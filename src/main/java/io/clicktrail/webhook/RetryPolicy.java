package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When a failed delivery is tried again: the configured schedule with ±20 % jitter on delays of a
 * second or more, stretched to honour a {@code Retry-After} (capped at 24 hours).
 *
 * <p>A delivery gets one attempt, then one more per delay of the schedule; when the last one fails
 * the delivery is {@code failed}.
 */
public final class RetryPolicy {
  /** The longest a {@code Retry-After} can make a delivery wait. */
  public static final Duration RETRY_AFTER_CAP = Duration.ofHours(24);

  private static final double JITTER = 0.2;

  private final List<Duration> schedule;
  private final DoubleSupplier random;

  /**
   * @param schedule delays between attempts, in order
   * @param random uniform values in [0, 1) for the jitter
   */
  public RetryPolicy(List<Duration> schedule, DoubleSupplier random) {
    this.schedule = List.copyOf(schedule);
    this.random = requireNonNull(random, "random");
  }

  /**
   * The wait before the next attempt, or empty when the schedule is exhausted.
   *
   * @param failed how many attempts of the current schedule have failed, at least 1
   * @param retryAfter what the receiver asked for, if anything
   */
  public Optional<Duration> nextDelay(int failed, Optional<Duration> retryAfter) {
    if (failed < 1) {
      throw new IllegalArgumentException("failed attempts " + failed + " must be at least 1");
    }
    if (failed > schedule.size()) {
      return Optional.empty();
    }
    Duration delay = jittered(schedule.get(failed - 1));
    if (retryAfter.isPresent()) {
      Duration asked =
          retryAfter.get().compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : retryAfter.get();
      if (asked.compareTo(delay) > 0) {
        delay = asked;
      }
    }
    return Optional.of(delay);
  }

  private Duration jittered(Duration delay) {
    if (delay.compareTo(Duration.ofSeconds(1)) < 0) {
      return delay;
    }
    double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
    return Duration.ofMillis(Math.round(delay.toMillis() * factor));
  }

  /**
   * A {@code Retry-After} value: delay seconds or an HTTP date (relative to {@code now}; a date in
   * the past is zero). Empty when absent or unreadable.
   */
  public static Optional<Duration> parseRetryAfter(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      if (value.length() > 9) {
        return Optional.of(RETRY_AFTER_CAP);
      }
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
