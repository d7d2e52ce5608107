package io.clicktrail.analytics;

import java.util.List;

/** One data point's time range, {@code [start, end)} in unix seconds; never empty. */
public record Bucket(long start, long end) {
  /**
   * Checks that the range is not empty.
   *
   * @throws IllegalArgumentException if {@code end <= start}
   */
  public Bucket {
    if (end <= start) {
      throw new IllegalArgumentException("bucket end " + end + " must be after start " + start);
    }
  }

  /** Whether {@code epochSecond} falls in this bucket. */
  public boolean contains(long epochSecond) {
    return epochSecond >= start && epochSecond < end;
  }

  /**
   * The index of the bucket of {@code buckets} holding {@code epochSecond}, or -1 when none does. A
   * binary search: {@code buckets} must be ascending and not overlap, as {@link Buckets#list} is,
   * and should allow fast random access.
   */
  public static int indexOf(List<Bucket> buckets, long epochSecond) {
    int lo = 0;
    int hi = buckets.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Bucket b = buckets.get(mid);
      if (epochSecond < b.start) {
        hi = mid - 1;
      } else if (epochSecond >= b.end) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }
}
