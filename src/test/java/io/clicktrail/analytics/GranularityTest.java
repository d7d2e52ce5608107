package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GranularityTest {

  @Test
  void graphSpellings_parseIgnoringCase() {
    assertThat(Granularity.parse("HALF_HOUR", Granularity.GRAPH)).contains(Granularity.HALF_HOUR);
    assertThat(Granularity.parse("day", Granularity.GRAPH)).contains(Granularity.DAY);
    assertThat(Granularity.parse("Month", Granularity.GRAPH)).contains(Granularity.MONTH);
    assertThat(Granularity.parse("DAILY", Granularity.GRAPH)).isEmpty();
  }

  @Test
  void conversationSpellings_mapDailyAndMonthly() {
    assertThat(Granularity.parse("DAILY", Granularity.CONVERSATION)).contains(Granularity.DAY);
    assertThat(Granularity.parse("monthly", Granularity.CONVERSATION)).contains(Granularity.MONTH);
    assertThat(Granularity.parse("half_hour", Granularity.CONVERSATION))
        .contains(Granularity.HALF_HOUR);
    assertThat(Granularity.parse("DAY", Granularity.CONVERSATION)).isEmpty();
  }

  @Test
  void templateSpelling_isDailyInAnyCase() {
    assertThat(Granularity.parse("daily", Granularity.TEMPLATE)).contains(Granularity.DAY);
    assertThat(Granularity.parse("DaIlY", Granularity.TEMPLATE)).contains(Granularity.DAY);
    assertThat(Granularity.parse("MONTHLY", Granularity.TEMPLATE)).isEmpty();
  }

  @Test
  void require_failsListingTheAcceptedSpellings() {
    assertThatThrownBy(() -> Granularity.require("WEEK", Granularity.GRAPH))
        .isExactlyInstanceOf(FieldExpansionException.class)
        .hasMessage("granularity 'WEEK' must be one of HALF_HOUR, DAY, MONTH");
    assertThatThrownBy(() -> Granularity.require("DAY", Granularity.CONVERSATION))
        .hasMessage("granularity 'DAY' must be one of HALF_HOUR, DAILY, MONTHLY");
    assertThatThrownBy(() -> Granularity.require("weekly", Granularity.TEMPLATE))
        .hasMessage("granularity 'weekly' must be one of DAILY");
  }

  @Test
  void fixedSeconds_areTheStepWidths() {
    assertThat(Granularity.HALF_HOUR.fixedSeconds()).isEqualTo(1800);
    assertThat(Granularity.DAY.fixedSeconds()).isEqualTo(86_400);
    assertThat(Granularity.MONTH.fixedSeconds()).isZero();
  }
}
