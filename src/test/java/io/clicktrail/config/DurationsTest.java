package io.clicktrail.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "0ms, PT0S",
    "5s, PT5S",
    "5m, PT5M",
    "2h, PT2H",
    "7d, PT168H",
    "400d, PT9600H",
    "0s, PT0S",
    "007s, PT7S",
    "90s, PT1M30S",
  })
  void parse_validText_returnsDuration(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @Test
  void parse_surroundingWhitespace_isTrimmed() {
    assertThat(Durations.parse(" \t5s\n")).isEqualTo(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "5", "s", "5x", "5 s", "-5s", "+5s", "5.5s", "1e3ms", "5S", "5sec", "5ms5",
        "5s,5m", "PT5S", "٥s", "５s", "0x5s"
      })
  void parse_badText_throwsNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration '" + text + "' must be a number followed by ms, s, m, h or d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808ms", "99999999999999999999999s", "106751991167301d"})
  void parse_overflow_throwsTooLarge(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration '" + text + "' is too large");
  }

  @Test
  void parse_largestValues_fit() {
    assertThat(Durations.parse("9223372036854775807ms"))
        .isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    assertThat(Durations.parse("106751991167300d")).isEqualTo(Duration.ofDays(106751991167300L));
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.5S, 500ms",
    "PT1.5S, 1500ms",
    "PT5S, 5s",
    "PT1M30S, 90s",
    "PT5M, 5m",
    "PT90M, 90m",
    "PT2H, 2h",
    "PT24H, 1d",
    "PT25H, 25h",
    "PT168H, 7d",
  })
  void format_duration_writesLargestExactUnit(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Test
  void format_negative_throws() {
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration PT-1S must not be negative");
  }

  @Test
  void format_subMillisecond_throws() {
    assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1_500_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration PT0.0015S is not a whole number of milliseconds");
  }

  @Test
  void format_millisecondsBeyondLong_throws() {
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(Long.MAX_VALUE, 1_000_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is too large");
  }

  @Property
  void formatThenParse_returnsTheSameDuration(@ForAll("durations") Duration duration) {
    assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
  }

  @Property
  void parseThenFormat_isShortestForm(
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long amount, @ForAll("units") String unit) {
    Duration parsed = Durations.parse(amount + unit);
    String formatted = Durations.format(parsed);
    assertThat(Durations.parse(formatted)).isEqualTo(parsed);
    assertThat(formatted.length()).isLessThanOrEqualTo((amount + unit).length());
  }

  @Property
  void parse_anyString_throwsOnlyIllegalArgument(@ForAll("texts") String text) {
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("duration '" + text + "'");
    }
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, Long.MAX_VALUE).map(Duration::ofMillis),
        Arbitraries.longs().between(0, 10_000_000).map(Duration::ofMillis),
        Arbitraries.longs().between(0, Long.MAX_VALUE / 86_400).map(Duration::ofDays),
        Arbitraries.longs().between(0, 100_000).map(Duration::ofMinutes));
  }

  @Provide
  Arbitrary<String> units() {
    return Arbitraries.of("ms", "s", "m", "h", "d");
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings(),
        Arbitraries.strings().withChars("0123456789msdh +-.,\t\u0660\uff15").ofMaxLength(30),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).map(d -> d + "d"));
  }
}
