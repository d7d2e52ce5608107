package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A time range {@code [start, end)} cut into buckets, one per data point (§8.1). For {@link
 * Granularity#HALF_HOUR} and {@link Granularity#DAY} the buckets are {@code [start + k·step, start
 * + (k+1)·step)}; for {@link Granularity#MONTH} bucket {@code k} starts at {@code start} plus
 * {@code k} calendar months in UTC, each step taken from {@code start} itself so that the day of
 * month is clamped, not drifted (a range from 31 January steps to 29 February, 31 March, 30 April).
 * The last bucket ends at {@code end}. Buckets tile the range: contiguous, ascending, none empty.
 *
 * <p>Immutable and thread-safe.
 */
public final class Buckets {
  /** The most buckets one range may be cut into. */
  public static final int MAX = 100_000;

  /** The latest accepted time, 9999-12-31T23:59:59Z. */
  public static final long MAX_UNIX_SECONDS = 253_402_300_799L;

  private final Granularity granularity;
  private final List<Bucket> list;
  private final long[] starts;

  private Buckets(Granularity granularity, List<Bucket> list) {
    this.granularity = granularity;
    this.list = List.copyOf(list);
    this.starts = list.stream().mapToLong(Bucket::start).toArray();
  }

  /**
   * Cuts {@code [startSeconds, endSeconds)} into buckets of {@code granularity}.
   *
   * @throws FieldExpansionException if a bound is outside 0 to {@link #MAX_UNIX_SECONDS}, {@code
   *     endSeconds <= startSeconds}, or the range needs more than {@link #MAX} buckets
   */
  public static Buckets of(long startSeconds, long endSeconds, Granularity granularity) {
    int n = check(startSeconds, endSeconds, granularity);
    List<Bucket> list = new ArrayList<>(n);
    long step = granularity.fixedSeconds();
    LocalDateTime first = utc(startSeconds);
    for (int k = 0; k < n; k++) {
      long from = step > 0 ? startSeconds + k * step : epoch(first.plusMonths(k));
      long to = step > 0 ? from + step : epoch(first.plusMonths(k + 1L));
      list.add(new Bucket(from, Math.min(to, endSeconds)));
    }
    return new Buckets(granularity, list);
  }

  /** The number of buckets {@link #of} cuts the range into; fails as {@link #of} does. */
  static int check(long startSeconds, long endSeconds, Granularity granularity) {
    long n = count(startSeconds, endSeconds, granularity);
    if (n > MAX) {
      throw new FieldExpansionException(
          "too many buckets ("
              + n
              + ") for granularity "
              + granularity
              + "; narrow start..end to at most "
              + MAX
              + " buckets");
    }
    return (int) n;
  }

  /**
   * How many buckets {@link #of} would cut the range into, without the {@link #MAX} limit.
   *
   * @throws FieldExpansionException if a bound is outside 0 to {@link #MAX_UNIX_SECONDS} or {@code
   *     endSeconds <= startSeconds}
   */
  public static long count(long startSeconds, long endSeconds, Granularity granularity) {
    requireNonNull(granularity, "granularity");
    checkTime("start", startSeconds);
    checkTime("end", endSeconds);
    if (endSeconds <= startSeconds) {
      throw new FieldExpansionException(
          "end " + endSeconds + " must be after start " + startSeconds);
    }
    long step = granularity.fixedSeconds();
    if (step > 0) {
      return (endSeconds - startSeconds + step - 1) / step;
    }
    LocalDateTime first = utc(startSeconds);
    LocalDateTime last = utc(endSeconds);
    // the smallest n with first + n months >= last; MONTHS.between is within one of it
    long n = Math.max(1, ChronoUnit.MONTHS.between(first, last));
    while (epoch(first.plusMonths(n)) < endSeconds) {
      n++;
    }
    while (n > 1 && epoch(first.plusMonths(n - 1)) >= endSeconds) {
      n--;
    }
    return n;
  }

  private static void checkTime(String name, long seconds) {
    if (seconds < 0 || seconds > MAX_UNIX_SECONDS) {
      throw new FieldExpansionException(
          name + " " + seconds + " must be unix seconds from 0 to " + MAX_UNIX_SECONDS);
    }
  }

  private static LocalDateTime utc(long epochSecond) {
    return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
  }

  private static long epoch(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC);
  }

  /** The granularity the range was cut by. */
  public Granularity granularity() {
    return granularity;
  }

  /** The buckets, ascending; never empty. */
  public List<Bucket> list() {
    return list;
  }

  /** The number of buckets, at least 1. */
  public int size() {
    return list.size();
  }

  /** The bucket at {@code index}. */
  public Bucket get(int index) {
    return list.get(index);
  }

  /** The start of the first bucket. */
  public long start() {
    return starts[0];
  }

  /** The end of the last bucket. */
  public long end() {
    return list.get(list.size() - 1).end();
  }

  /**
   * The index of the bucket holding {@code epochSecond}, or -1 when it falls before {@link #start}
   * or at or after {@link #end}. A binary search: O(log n).
   */
  public int indexOf(long epochSecond) {
    if (epochSecond < start() || epochSecond >= end()) {
      return -1;
    }
    int i = Arrays.binarySearch(starts, epochSecond);
    return i >= 0 ? i : -i - 2;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Buckets b && b.granularity == granularity && b.list.equals(list);
  }

  @Override
  public int hashCode() {
    return granularity.hashCode() * 31 + list.hashCode();
  }

  @Override
  public String toString() {
    return "Buckets["
        + granularity
        + ", "
        + list.size()
        + " from "
        + start()
        + " to "
        + end()
        + "]";
  }
}
