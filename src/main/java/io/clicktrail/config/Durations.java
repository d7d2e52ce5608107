package io.clicktrail.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration format of settings: a whole number of milliseconds ({@code ms}), seconds ({@code
 * s}), minutes ({@code m}), hours ({@code h}) or days ({@code d}, always 24 hours), such as {@code
 * 500ms}, {@code 5s}, {@code 5m}, {@code 2h} or {@code 7d}.
 */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final long SECONDS_PER_MINUTE = 60;
  private static final long SECONDS_PER_HOUR = 3_600;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int NANOS_PER_MILLI = 1_000_000;

  private Durations() {}

  /**
   * Parses digits (ASCII, zero or more) immediately followed by a unit; whitespace around the whole
   * text is ignored, whitespace, signs and fractions inside are not.
   *
   * @throws IllegalArgumentException if the text does not have that form or the duration does not
   *     fit in a {@link Duration}; the message names the text
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text");
    String trimmed = text.strip();
    Matcher matcher = FORMAT.matcher(trimmed);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "duration '" + text + "' must be a number followed by ms, s, m, h or d");
    }
    try {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new AssertionError(matcher.group(2));
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too large", e);
    }
  }

  /**
   * Writes a duration in its shortest exact form: the largest unit that divides it ({@code 90s},
   * {@code 2h}, {@code 1500ms}); zero is {@code 0s}. {@code parse(format(d))} equals {@code d}.
   *
   * @throws IllegalArgumentException if the duration is negative or is not a whole number of
   *     milliseconds that fits in a {@code long}
   */
  public static String format(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration " + duration + " must not be negative");
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (nanos != 0) {
      if (nanos % NANOS_PER_MILLI != 0) {
        throw new IllegalArgumentException(
            "duration " + duration + " is not a whole number of milliseconds");
      }
      try {
        return Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / NANOS_PER_MILLI) + "ms";
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration " + duration + " is too large", e);
      }
    }
    if (seconds == 0) {
      return "0s";
    }
    if (seconds % SECONDS_PER_DAY == 0) {
      return seconds / SECONDS_PER_DAY + "d";
    }
    if (seconds % SECONDS_PER_HOUR == 0) {
      return seconds / SECONDS_PER_HOUR + "h";
    }
    if (seconds % SECONDS_PER_MINUTE == 0) {
      return seconds / SECONDS_PER_MINUTE + "m";
    }
    return seconds + "s";
  }
}
