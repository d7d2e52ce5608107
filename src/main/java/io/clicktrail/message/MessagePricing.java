package io.clicktrail.message;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The per-message {@code pricing} object of a WhatsApp status, as Meta sent it, with its category
 * mapped to the analytics enum.
 *
 * @param billable null when Meta left it out
 * @param category as Meta sent it (e.g. {@code marketing_lite})
 * @param analyticsCategory the §8.4 pricing category: {@link #analyticsCategory(String)}
 */
public record MessagePricing(
    @Nullable Boolean billable,
    @Nullable String pricingModel,
    @Nullable String category,
    @Nullable String analyticsCategory,
    @Nullable String type) {

  /** Pricing as Meta sent it; the analytics category is derived. */
  public static MessagePricing of(
      @Nullable Boolean billable,
      @Nullable String pricingModel,
      @Nullable String category,
      @Nullable String type) {
    return new MessagePricing(
        billable,
        pricingModel,
        category,
        category == null ? null : analyticsCategory(category),
        type);
  }

  /**
   * The analytics enum of a Meta pricing category: upper-cased, with {@code
   * authentication-international} → {@code AUTHENTICATION_INTERNATIONAL} (any other hyphen also
   * becomes an underscore) and {@code marketing_lite} → {@code MARKETING}.
   */
  public static String analyticsCategory(String category) {
    String upper = category.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return upper.equals("MARKETING_LITE") ? "MARKETING" : upper;
  }
}
