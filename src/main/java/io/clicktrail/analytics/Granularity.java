package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The width of an analytics data point. Each Graph field spells the same three widths its own way,
 * so parsing takes the spellings the field accepts: {@link #GRAPH} for {@code analytics} and {@code
 * pricing_analytics}, {@link #CONVERSATION} for {@code conversation_analytics}, {@link #TEMPLATE}
 * for {@code template_analytics}. Spellings are matched without regard to case (§8.6).
 */
public enum Granularity {
  /** 30 minutes. */
  HALF_HOUR,
  /** One UTC day of 86,400 seconds. */
  DAY,
  /** One calendar month in UTC. */
  MONTH;

  /** The spellings of {@code analytics} and {@code pricing_analytics}. */
  public static final List<String> GRAPH = List.of("HALF_HOUR", "DAY", "MONTH");

  /** The spellings of {@code conversation_analytics}. */
  public static final List<String> CONVERSATION = List.of("HALF_HOUR", "DAILY", "MONTHLY");

  /** The spelling of {@code template_analytics}. */
  public static final List<String> TEMPLATE = List.of("DAILY");

  /**
   * The granularity {@code raw} spells, if it is one of the {@code accepted} spellings (compared
   * ignoring case). {@code DAILY} spells {@link #DAY} and {@code MONTHLY} spells {@link #MONTH}.
   */
  public static Optional<Granularity> parse(String raw, List<String> accepted) {
    requireNonNull(raw, "raw");
    String upper = raw.trim().toUpperCase(Locale.ROOT);
    if (!accepted.contains(upper)) {
      return Optional.empty();
    }
    return switch (upper) {
      case "HALF_HOUR" -> Optional.of(HALF_HOUR);
      case "DAY", "DAILY" -> Optional.of(DAY);
      case "MONTH", "MONTHLY" -> Optional.of(MONTH);
      default -> Optional.empty();
    };
  }

  /**
   * The granularity {@code raw} spells.
   *
   * @throws FieldExpansionException "granularity 'WEEK' must be one of HALF_HOUR, DAY, MONTH" when
   *     {@code raw} is not one of the {@code accepted} spellings
   */
  public static Granularity require(String raw, List<String> accepted) {
    return parse(raw, accepted)
        .orElseThrow(
            () ->
                new FieldExpansionException(
                    "granularity '"
                        + FieldArguments.snippet(raw)
                        + "' must be one of "
                        + String.join(", ", accepted)));
  }

  /** The fixed width in seconds: 1800 or 86,400; 0 for {@link #MONTH}, whose width varies. */
  public long fixedSeconds() {
    return switch (this) {
      case HALF_HOUR -> 1800;
      case DAY -> 86_400;
      case MONTH -> 0;
    };
  }
}
