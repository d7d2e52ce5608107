package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.message.MessagePricing;
import java.util.Locale;
import java.util.Optional;

/**
 * The pricing category of a delivered message (§8.4): the {@code pricing_categories} filter, the
 * {@code PRICING_CATEGORY} dimension and a rate-card column.
 */
public enum PricingCategory {
  AUTHENTICATION,
  AUTHENTICATION_INTERNATIONAL,
  MARKETING,
  SERVICE,
  UTILITY;

  /** How Meta's documentation misspells {@link #AUTHENTICATION_INTERNATIONAL}. */
  private static final String MISSPELLED_INTERNATIONAL = "AUTHENTICATION_INTERATIONAL";

  /**
   * The category of Meta's {@code pricing.category} (§7), mapped as {@link
   * MessagePricing#analyticsCategory} maps it for the message view: upper-cased, {@code
   * authentication-international} → {@link #AUTHENTICATION_INTERNATIONAL}, {@code marketing_lite} →
   * {@link #MARKETING}. Empty for a category Meta may add later, so a caller can count and skip it.
   */
  public static Optional<PricingCategory> fromMeta(String category) {
    requireNonNull(category, "category");
    return byName(MessagePricing.analyticsCategory(category));
  }

  /**
   * The category named in a {@code pricing_categories} filter or a rate card: any case, surrounding
   * whitespace ignored, and {@code AUTHENTICATION_INTERATIONAL} (Meta's misspelling) accepted for
   * {@link #AUTHENTICATION_INTERNATIONAL}. Empty for anything else.
   */
  public static Optional<PricingCategory> parseFilter(String name) {
    requireNonNull(name, "name");
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return upper.equals(MISSPELLED_INTERNATIONAL)
        ? Optional.of(AUTHENTICATION_INTERNATIONAL)
        : byName(upper);
  }

  private static Optional<PricingCategory> byName(String upper) {
    for (PricingCategory category : values()) {
      if (category.name().equals(upper)) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }
}
