package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The country of a WhatsApp recipient (§8.1): the ISO 3166 alpha-2 region of its phone number, as
 * libphonenumber's numbering-plan metadata places it.
 *
 * <p>A recipient is the international form of a number without {@code +} (WhatsApp's {@code wa_id},
 * such as {@code 16505551234}); it is read as libphonenumber reads {@code +} followed by those
 * digits. A number is then placed in two steps:
 *
 * <ol>
 *   <li>A number that libphonenumber finds valid gets the region of its number range ({@link
 *       PhoneNumberUtil#getRegionCodeForNumber}). Where several regions share a calling code, the
 *       range decides, not a preference for the largest country: +1 650 is {@code US}, +1 416 is
 *       {@code CA}, +1 242 is {@code BS}; +44 7700 is {@code GB}, +44 7781 {@code GG}, +44 7797
 *       {@code JE}; +7 701 is {@code KZ}, +7 916 {@code RU}. A range that several regions share (+1
 *       800 toll-free) goes to the first region libphonenumber lists for the calling code ({@code
 *       US}).
 *   <li>A number that is not valid (a range newer than the metadata, or a reserved one such as
 *       Ofcom's drama numbers +44 7700 900xxx) but has a possible length for its calling code gets
 *       the main region of that calling code ({@link PhoneNumberUtil#getRegionCodeForCountryCode}):
 *       {@code US} for +1, {@code GB} for +44. Meta prices by calling code, so this is the market a
 *       message is billed in.
 * </ol>
 *
 * <p>Anything else is empty: non-digits (an e-mail address), an unknown or non-geographic calling
 * code (+800, +882), a national number of impossible length, or more than 20 digits. {@link #of}
 * never throws on bad input, so a projector can call it for every message. For speed it first
 * builds the number from the digits directly (the calling-code table is computed once);
 * libphonenumber's text parser, several times slower and signalling bad input with exceptions, is
 * asked only about numbers that this fast path cannot place, for the rare recipient that carries a
 * national prefix after its calling code ({@code 4407700900123}). Thread-safe.
 */
public final class Countries {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  /** Calling codes have one to three digits. */
  private static final int MAX_CALLING_CODE = 999;

  /** Longer recipients (E.164 allows 15 digits) are not looked at. */
  private static final int MAX_DIGITS = 20;

  /** libphonenumber's longest national significant number. */
  private static final int MAX_NATIONAL_DIGITS = 17;

  private static final String NOT_GEOGRAPHIC = "";

  /**
   * For each calling code, the main region if it is an ISO alpha-2 region, {@link #NOT_GEOGRAPHIC}
   * for a non-geographic code, null for an unassigned one.
   */
  private static final @Nullable String[] MAIN_REGION = mainRegions();

  private Countries() {}

  /**
   * The ISO 3166 alpha-2 region (upper case) of a recipient given as digits in international form
   * without {@code +} (a leading {@code +} is tolerated); empty when libphonenumber cannot place it
   * (see the class comment). Never throws for any non-null input.
   */
  public static Optional<String> of(String recipient) {
    requireNonNull(recipient, "recipient");
    int start = recipient.startsWith("+") ? 1 : 0;
    int length = recipient.length() - start;
    if (length < 2
        || length > MAX_DIGITS
        || !asciiDigits(recipient, start)
        || recipient.charAt(start) == '0') {
      return Optional.empty();
    }
    int callingCode = 0;
    @Nullable String mainRegion = null;
    int national = start;
    // Calling codes start with 1-9 and are prefix-free: the first known prefix is the one.
    while (national < start + 3 && national < recipient.length() - 1 && mainRegion == null) {
      callingCode = callingCode * 10 + (recipient.charAt(national) - '0');
      national++;
      mainRegion = MAIN_REGION[callingCode];
    }
    if (mainRegion == null || mainRegion.equals(NOT_GEOGRAPHIC)) {
      return Optional.empty();
    }
    String callingCodeRegion = mainRegion;
    Optional<PhoneNumber> direct =
        recipient.length() - national <= MAX_NATIONAL_DIGITS
            ? Optional.of(number(callingCode, recipient, national))
            : Optional.empty();
    Optional<String> region = direct.flatMap(Countries::validRegion);
    if (region.isPresent()) {
      return region;
    }
    // Not valid as written: ask the parser, which also strips a national prefix written after
    // the calling code (+44 0 7700…), before judging the number by its length alone.
    Optional<PhoneNumber> parsed = parse(recipient, start);
    region = parsed.flatMap(Countries::validRegion);
    if (region.isPresent()) {
      return region;
    }
    return parsed
        .or(() -> direct)
        .filter(n -> PHONE_NUMBERS.isPossibleNumberWithReason(n) == ValidationResult.IS_POSSIBLE)
        .map(n -> callingCodeRegion);
  }

  private static Optional<String> validRegion(PhoneNumber number) {
    String region = PHONE_NUMBERS.getRegionCodeForNumber(number);
    return region != null
            && isCountry(region)
            && PHONE_NUMBERS.isValidNumberForRegion(number, region)
        ? Optional.of(region)
        : Optional.empty();
  }

  private static Optional<PhoneNumber> parse(String recipient, int start) {
    try {
      return Optional.of(PHONE_NUMBERS.parse("+" + recipient.substring(start), "ZZ"));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** The number as libphonenumber's parser would build it, leading zeros included. */
  private static PhoneNumber number(int callingCode, String digits, int national) {
    long nationalNumber = 0;
    for (int i = national; i < digits.length(); i++) {
      nationalNumber = nationalNumber * 10 + (digits.charAt(i) - '0');
    }
    PhoneNumber number =
        new PhoneNumber().setCountryCode(callingCode).setNationalNumber(nationalNumber);
    int nationalLength = digits.length() - national;
    if (nationalLength > 1 && digits.charAt(national) == '0') {
      // Italian numbers (and a few others) keep their leading zeros in international form.
      number.setItalianLeadingZero(true);
      int zeros = 1;
      while (zeros < nationalLength - 1 && digits.charAt(national + zeros) == '0') {
        zeros++;
      }
      if (zeros > 1) {
        number.setNumberOfLeadingZeros(zeros);
      }
    }
    return number;
  }

  private static boolean asciiDigits(String text, int start) {
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Two capital letters, not libphonenumber's unknown region {@code ZZ} (and so not the
   * non-geographic {@code 001}).
   */
  private static boolean isCountry(String region) {
    return region.length() == 2
        && !region.equals("ZZ")
        && region.charAt(0) >= 'A'
        && region.charAt(0) <= 'Z'
        && region.charAt(1) >= 'A'
        && region.charAt(1) <= 'Z';
  }

  private static @Nullable String[] mainRegions() {
    @Nullable String[] regions = new String[MAX_CALLING_CODE + 1];
    for (int callingCode : PHONE_NUMBERS.getSupportedCallingCodes()) {
      if (callingCode > 0 && callingCode <= MAX_CALLING_CODE) {
        String region = PHONE_NUMBERS.getRegionCodeForCountryCode(callingCode);
        regions[callingCode] = isCountry(region) ? region : NOT_GEOGRAPHIC;
      }
    }
    return regions;
  }
}
