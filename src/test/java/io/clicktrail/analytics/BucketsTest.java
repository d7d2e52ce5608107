package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketsTest {

  private static long at(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  @Test
  void seedDailyRange_givesSevenDayBuckets() {
    Buckets b = Buckets.of(1543543200, 1544148000, Granularity.DAY);

    assertThat(b.size()).isEqualTo(7);
    assertThat(b.list().subList(0, 2))
        .containsExactly(new Bucket(1543543200, 1543629600), new Bucket(1543629600, 1543716000));
    assertThat(b.start()).isEqualTo(1543543200);
    assertThat(b.end()).isEqualTo(1544148000);
  }

  @Test
  void halfHour_cutsTheLastBucketAtEnd() {
    assertThat(Buckets.of(0, 4000, Granularity.HALF_HOUR).list())
        .containsExactly(new Bucket(0, 1800), new Bucket(1800, 3600), new Bucket(3600, 4000));
  }

  @Test
  void rangeShorterThanAStep_isOneBucket() {
    assertThat(Buckets.of(100, 101, Granularity.DAY).list()).containsExactly(new Bucket(100, 101));
  }

  @Test
  void seedMonthlyRange_isOneMonth() {
    // 2023-06-01T07:00Z to 2023-07-01T07:00Z
    assertThat(Buckets.of(1685602800, 1688194800, Granularity.MONTH).list())
        .containsExactly(new Bucket(1685602800, 1688194800));
  }

  @Test
  void month_stepsByCalendarMonthsAcrossTheYearEnd() {
    assertThat(
            Buckets.of(at("2023-11-15T12:00:00Z"), at("2024-02-10T00:00:00Z"), Granularity.MONTH)
                .list())
        .containsExactly(
            new Bucket(at("2023-11-15T12:00:00Z"), at("2023-12-15T12:00:00Z")),
            new Bucket(at("2023-12-15T12:00:00Z"), at("2024-01-15T12:00:00Z")),
            new Bucket(at("2024-01-15T12:00:00Z"), at("2024-02-10T00:00:00Z")));
  }

  @Test
  void month_fromTheThirtyFirst_clampsEachStepFromStartWithoutDrift() {
    List<Bucket> leap =
        Buckets.of(at("2024-01-31T00:00:00Z"), at("2024-05-01T00:00:00Z"), Granularity.MONTH)
            .list();

    assertThat(leap)
        .extracting(Bucket::start)
        .containsExactly(
            at("2024-01-31T00:00:00Z"),
            at("2024-02-29T00:00:00Z"),
            at("2024-03-31T00:00:00Z"),
            at("2024-04-30T00:00:00Z"));
    assertThat(leap.get(3).end()).isEqualTo(at("2024-05-01T00:00:00Z"));
  }

  @Test
  void month_inACommonYear_clampsToTheTwentyEighth() {
    assertThat(
            Buckets.of(at("2023-01-31T00:00:00Z"), at("2023-03-31T00:00:00Z"), Granularity.MONTH)
                .list())
        .containsExactly(
            new Bucket(at("2023-01-31T00:00:00Z"), at("2023-02-28T00:00:00Z")),
            new Bucket(at("2023-02-28T00:00:00Z"), at("2023-03-31T00:00:00Z")));
  }

  @Test
  void month_endingExactlyOnAMonthBoundary_hasNoEmptyTail() {
    assertThat(
            Buckets.of(at("2024-02-29T00:00:00Z"), at("2025-02-28T00:00:00Z"), Granularity.MONTH)
                .size())
        .isEqualTo(12);
  }

  @Test
  void indexOf_findsTheBucketOrMinusOneOutside() {
    Buckets b = Buckets.of(1000, 5000, Granularity.HALF_HOUR);

    assertThat(b.indexOf(999)).isEqualTo(-1);
    assertThat(b.indexOf(1000)).isEqualTo(0);
    assertThat(b.indexOf(2799)).isEqualTo(0);
    assertThat(b.indexOf(2800)).isEqualTo(1);
    assertThat(b.indexOf(4999)).isEqualTo(2);
    assertThat(b.indexOf(5000)).isEqualTo(-1);
    assertThat(Bucket.indexOf(b.list(), 4600)).isEqualTo(2);
    assertThat(Bucket.indexOf(b.list(), 5000)).isEqualTo(-1);
    assertThat(Bucket.indexOf(List.of(), 5)).isEqualTo(-1);
  }

  @Test
  void count_matchesTheBucketsWithoutBuildingThem() {
    assertThat(Buckets.count(0, 1_000_000_000, Granularity.HALF_HOUR)).isEqualTo(555_556);
    assertThat(Buckets.count(0, Buckets.MAX_UNIX_SECONDS, Granularity.MONTH))
        .isEqualTo((9999 - 1970 + 1) * 12L);
  }

  @Test
  void tooManyBuckets_failsNamingTheCountAndGranularity() {
    assertThatThrownBy(() -> Buckets.of(0, 1_000_000_000, Granularity.HALF_HOUR))
        .isExactlyInstanceOf(FieldExpansionException.class)
        .hasMessage(
            "too many buckets (555556) for granularity HALF_HOUR;"
                + " narrow start..end to at most 100000 buckets");
    assertThat(Buckets.of(0, 100_000L * 1800, Granularity.HALF_HOUR).size()).isEqualTo(100_000);
  }

  @Test
  void badRanges_failNamingTheValues() {
    assertThatThrownBy(() -> Buckets.of(10, 5, Granularity.DAY))
        .isExactlyInstanceOf(FieldExpansionException.class)
        .hasMessage("end 5 must be after start 10");
    assertThatThrownBy(() -> Buckets.of(10, 10, Granularity.DAY))
        .hasMessage("end 10 must be after start 10");
    assertThatThrownBy(() -> Buckets.of(-1, 10, Granularity.DAY))
        .hasMessage("start -1 must be unix seconds from 0 to 253402300799");
    assertThatThrownBy(() -> Buckets.of(0, Long.MAX_VALUE, Granularity.MONTH))
        .hasMessage("end 9223372036854775807 must be unix seconds from 0 to 253402300799");
  }

  @Test
  void emptyBucket_isRejected() {
    assertThatThrownBy(() -> new Bucket(5, 5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket end 5 must be after start 5");
  }
}
