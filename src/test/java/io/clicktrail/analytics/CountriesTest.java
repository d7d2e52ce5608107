package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  @ParameterizedTest
  @CsvSource({
    "16505551234, US",
    "5511987654321, BR",
    "447700900123, GB",
    "919876543210, IN",
    // NANP: the area code decides, not a preference for the US.
    "14165550123, CA",
    "12423570000, BS",
    "18765550123, JM",
    // +44 and +7 are shared too.
    "447781123456, GG",
    "447797123456, JE",
    "77011234567, KZ",
    "79161234567, RU",
    "4915112345678, DE",
    "33612345678, FR",
    "393312345678, IT",
    "390612345678, IT",
    "34612345678, ES",
    "525512345678, MX",
    "5491123456789, AR",
    "61412345678, AU",
    "819012345678, JP",
    "8613812345678, CN",
    "2348031234567, NG",
    "27821234567, ZA",
    "971501234567, AE",
    "6281234567890, ID",
    "31612345678, NL",
    "905321234567, TR",
  })
  void of_internationalDigits_returnsRegion(String recipient, String region) {
    assertThat(Countries.of(recipient)).contains(region);
  }

  @Test
  void of_leadingPlus_isTolerated() {
    assertThat(Countries.of("+16505551234")).contains("US");
  }

  @Test
  void of_invalidButPossibleNumber_returnsMainRegionOfCallingCode() {
    // 555-01xx and Ofcom's 7700 900xxx are reserved for fiction; the calling code still tells.
    assertThat(Countries.of("447700900999")).contains("GB");
    assertThat(PHONE_NUMBERS.isValidNumber(number("+447700900999"))).isFalse();
  }

  @Test
  void of_nationalPrefixAfterCallingCode_isReadAsTheParserReadsIt() {
    assertThat(Countries.of("4407700900123")).contains("GB");
    assertThat(Countries.of("11916544452")).contains("US");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "12",
        "1650",
        "15551234",
        "0016505551234",
        "016505551234",
        "8001234567",
        "80012345678",
        "88212345678",
        "9991234567",
        "1234567890123456789012",
        "165055512345678901",
        "410000000000000000010",
        "alice@example.com",
        "1650555123x",
        "+",
        "++16505551234",
        " 16505551234",
        "1-650-555-1234",
        "١٦٥٠٥٥٥١٢٣٤",
      })
  void of_invalidShortOrGarbage_isEmpty(String recipient) {
    assertThat(Countries.of(recipient)).isEmpty();
  }

  @Test
  void of_exampleNumberOfEveryRegionAndType_returnsTheRegionOfItsRange() {
    int checked = 0;
    int inOwnRegion = 0;
    for (String region : PHONE_NUMBERS.getSupportedRegions()) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = PHONE_NUMBERS.getExampleNumberForType(region, type);
        if (example != null) {
          String digits =
              example.getCountryCode() + PHONE_NUMBERS.getNationalSignificantNumber(example);
          // A range shared by several regions (+1 800 toll-free) goes to the first one listed.
          String expected = PHONE_NUMBERS.getRegionCodeForNumber(example);
          assertThat(Countries.of(digits)).as("%s %s %s", region, type, digits).contains(expected);
          checked++;
          inOwnRegion += expected.equals(region) ? 1 : 0;
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(inOwnRegion).isGreaterThan(checked * 4 / 5);
  }

  @Test
  void of_nanpTollFree_isTheFirstRegionListedForTheRange() {
    assertThat(Countries.of("18002345678")).contains("US");
  }

  @Property(tries = 2000)
  void of_anyString_neverThrows(@ForAll String recipient) {
    Optional<String> region = Countries.of(recipient);

    region.ifPresent(r -> assertThat(r).matches("[A-Z]{2}").isNotEqualTo("ZZ"));
  }

  @Property(tries = 5000)
  void of_anyDigits_agreesWithLibphonenumbersParser(@ForAll("digits") String recipient) {
    assertThat(Countries.of(recipient)).isEqualTo(reference(recipient));
  }

  @Provide
  Arbitrary<String> digits() {
    Arbitrary<String> random = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(20);
    Arbitrary<String> zeros =
        Arbitraries.strings()
            .withChars("0001")
            .ofMinLength(0)
            .ofMaxLength(18)
            .flatMap(rest -> Arbitraries.of("41", "44", "55", "39", "1").map(code -> code + rest));
    Arbitrary<String> callingCodeFirst =
        Arbitraries.of(1, 7, 33, 39, 44, 49, 52, 55, 61, 86, 91, 234, 386, 971)
            .flatMap(
                code ->
                    Arbitraries.strings()
                        .numeric()
                        .ofMinLength(0)
                        .ofMaxLength(14)
                        .map(rest -> code + rest));
    return Arbitraries.oneOf(random, callingCodeFirst, zeros);
  }

  /** The contract, spelled out with libphonenumber's text parser. */
  private static Optional<String> reference(String digits) {
    PhoneNumber number;
    try {
      number = PHONE_NUMBERS.parse("+" + digits, "ZZ");
    } catch (NumberParseException e) {
      return Optional.empty();
    }
    String region;
    if (PHONE_NUMBERS.isValidNumber(number)) {
      region = PHONE_NUMBERS.getRegionCodeForNumber(number);
    } else if (PHONE_NUMBERS.isPossibleNumberWithReason(number) == ValidationResult.IS_POSSIBLE) {
      region = PHONE_NUMBERS.getRegionCodeForCountryCode(number.getCountryCode());
    } else {
      return Optional.empty();
    }
    return region.matches("[A-Z]{2}") && !region.equals("ZZ")
        ? Optional.of(region)
        : Optional.empty();
  }

  private static PhoneNumber number(String text) {
    try {
      return PHONE_NUMBERS.parse(text, "ZZ");
    } catch (NumberParseException e) {
      throw new AssertionError(e);
    }
  }
}
