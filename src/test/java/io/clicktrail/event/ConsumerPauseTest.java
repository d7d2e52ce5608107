package io.clicktrail.event;

import static io.clicktrail.event.SqliteLogConsumer.GATHER_ABOVE;
import static io.clicktrail.event.SqliteLogConsumer.GATHER_MILLIS;
import static io.clicktrail.event.SqliteLogConsumer.PASS_OVER_PAUSE_MILLIS;
import static io.clicktrail.event.SqliteLogConsumer.pauseAfter;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a log consumer waits before its next read ({@link SqliteLogConsumer#pauseAfter}). */
class ConsumerPauseTest {

  @Test
  void aConsumerThatIsBehindReadsOnAtOnce() {
    assertThat(pauseAfter(1000, 1000, true)).isZero();
    assertThat(pauseAfter(1000, 0, true)).isZero();
    // a batch the character bound ended early is behind too
    assertThat(pauseAfter(8, 8, true)).isZero();
  }

  @Test
  void anEmptyReadDoesNotPause() {
    assertThat(pauseAfter(0, 0, false)).isZero();
  }

  @Test
  void aQuietLogIsHandledAsSoonAsEventsArrive() {
    assertThat(pauseAfter(1, 1, false)).isZero();
    assertThat(pauseAfter(GATHER_ABOVE - 1, GATHER_ABOVE - 1, false)).isZero();
    // a few handled among many passed over: the rows count, not the handled events
    assertThat(pauseAfter(GATHER_ABOVE - 1, 1, false)).isZero();
  }

  @Test
  void aBusyLogGathersTheNextBatch() {
    assertThat(pauseAfter(GATHER_ABOVE, GATHER_ABOVE, false)).isEqualTo(GATHER_MILLIS);
    assertThat(pauseAfter(999, 1, false)).isEqualTo(GATHER_MILLIS);
  }

  @Test
  void aBatchOfNothingToHandlePausesBriefly() {
    assertThat(pauseAfter(1, 0, false)).isEqualTo(PASS_OVER_PAUSE_MILLIS);
    assertThat(pauseAfter(999, 0, false)).isEqualTo(PASS_OVER_PAUSE_MILLIS);
    assertThat(PASS_OVER_PAUSE_MILLIS).isLessThan(GATHER_MILLIS);
  }
}
