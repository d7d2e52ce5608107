package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Buckets tile {@code [start, end)} exactly, and {@code indexOf} finds the one holding a time. */
class BucketsProperties {

  @Property
  void buckets_tileTheRangeContiguouslyWithoutEmptyOnes(
      @ForAll @LongRange(max = 4_000_000_000L) long start,
      @ForAll @IntRange(min = 1, max = 3_000) int steps,
      @ForAll @LongRange(min = 1, max = 86_400 * 31) long extra,
      @ForAll Granularity granularity) {
    long end = end(start, steps, extra, granularity);
    List<Bucket> list = Buckets.of(start, end, granularity).list();

    assertThat(list.get(0).start()).isEqualTo(start);
    assertThat(list.get(list.size() - 1).end()).isEqualTo(end);
    for (int i = 0; i < list.size(); i++) {
      assertThat(list.get(i).end()).isGreaterThan(list.get(i).start());
      if (i > 0) {
        assertThat(list.get(i).start()).isEqualTo(list.get(i - 1).end());
      }
    }
    assertThat(Buckets.count(start, end, granularity)).isEqualTo(list.size());
  }

  @Property
  void fixedSteps_countIsTheCeilingOfLengthOverStep(
      @ForAll @LongRange(max = 4_000_000_000L) long start,
      @ForAll @LongRange(min = 1, max = 50_000_000) long length,
      @ForAll boolean halfHour) {
    Granularity g = halfHour ? Granularity.HALF_HOUR : Granularity.DAY;
    long step = g.fixedSeconds();
    Buckets b = Buckets.of(start, start + length, g);

    assertThat(b.size()).isEqualTo((int) ((length + step - 1) / step));
    for (int k = 0; k < b.size() - 1; k++) {
      assertThat(b.get(k)).isEqualTo(new Bucket(start + k * step, start + (k + 1) * step));
    }
  }

  @Property
  void months_startAtStartPlusKCalendarMonths(
      @ForAll @LongRange(max = 8_000_000_000L) long start,
      @ForAll @IntRange(min = 1, max = 600) int months,
      @ForAll @LongRange(min = 0, max = 86_400 * 40) long extra) {
    LocalDateTime first = LocalDateTime.ofEpochSecond(start, 0, ZoneOffset.UTC);
    long end = first.plusMonths(months).toEpochSecond(ZoneOffset.UTC) - 86_400 * 20 + extra;
    Buckets b = Buckets.of(start, Math.max(end, start + 1), Granularity.MONTH);

    for (int k = 0; k < b.size(); k++) {
      assertThat(b.get(k).start()).isEqualTo(first.plusMonths(k).toEpochSecond(ZoneOffset.UTC));
      if (k < b.size() - 1) {
        assertThat(b.get(k).end() - b.get(k).start()).isBetween(28L * 86_400, 31L * 86_400);
      }
    }
  }

  @Property
  void indexOf_findsTheBucketHoldingTheTime(
      @ForAll @LongRange(max = 4_000_000_000L) long start,
      @ForAll @IntRange(min = 1, max = 500) int steps,
      @ForAll @LongRange(min = 1, max = 86_400 * 31) long extra,
      @ForAll Granularity granularity,
      @ForAll @LongRange(min = -100_000, max = 1_000_000_000) long offset) {
    Buckets b = Buckets.of(start, end(start, steps, extra, granularity), granularity);
    long t = start + offset;
    int i = b.indexOf(t);

    if (t < b.start() || t >= b.end()) {
      assertThat(i).isEqualTo(-1);
    } else {
      assertThat(b.get(i).contains(t)).isTrue();
    }
    assertThat(Bucket.indexOf(b.list(), t)).isEqualTo(i);
  }

  private static long end(long start, int steps, long extra, Granularity g) {
    long step = g == Granularity.MONTH ? 86_400 * 30 : g.fixedSeconds();
    return start + (steps - 1) * step + Math.min(extra, step * 2);
  }
}
