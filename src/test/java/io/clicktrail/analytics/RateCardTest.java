package io.clicktrail.analytics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.analytics.RateCard.Rate;
import io.clicktrail.config.Setting;
import io.clicktrail.config.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateCardTest {
  private static final String CARD =
      """
      country,category,price
      # a comment
      US,MARKETING,0.025

      US,utility,0.004
      *,MARKETING,0.05
      BR,Authentication_Interational,0.03
      """;

  @TempDir Path dir;

  // --- the sample card

  @Test
  void sample_loads_andCoversEveryCategoryWithAStarRow() {
    RateCard sample = RateCard.sample();

    assertThat(sample.rates()).hasSizeGreaterThan(10);
    for (PricingCategory category : PricingCategory.values()) {
      assertThat(sample.rates())
          .anyMatch(r -> r.country().equals(RateCard.ANY_COUNTRY) && r.category() == category);
    }
    assertThat(sample.price("US", PricingCategory.MARKETING)).isPositive();
  }

  @Test
  void sample_saysItIsASampleAndNobodysOfficialPrices() throws IOException {
    String text;
    try (InputStream in = RateCard.class.getResourceAsStream(RateCard.SAMPLE_RESOURCE)) {
      assertThat(in).isNotNull();
      text = new String(in.readAllBytes(), UTF_8);
    }

    assertThat(text.lines().findFirst()).hasValueSatisfying(l -> assertThat(l).contains("SAMPLE"));
    assertThat(text).contains("NOT ANYONE'S OFFICIAL PRICES");
  }

  @Test
  void load_noFile_isTheSample() {
    assertThat(RateCard.load(Optional.empty()).rates()).isEqualTo(RateCard.sample().rates());
  }

  // --- lookups

  @Test
  void price_exactCountry_beatsStar() {
    RateCard card = RateCard.parse(CARD);

    assertThat(card.price("US", PricingCategory.MARKETING)).isEqualByComparingTo("0.025");
    assertThat(card.price("US", PricingCategory.UTILITY)).isEqualByComparingTo("0.004");
    assertThat(card.price("BR", PricingCategory.AUTHENTICATION_INTERNATIONAL))
        .isEqualByComparingTo("0.03");
  }

  @Test
  void price_otherCountry_fallsBackToStar() {
    RateCard card = RateCard.parse(CARD);

    assertThat(card.price("DE", PricingCategory.MARKETING)).isEqualByComparingTo("0.05");
    assertThat(card.price("BR", PricingCategory.MARKETING)).isEqualByComparingTo("0.05");
    assertThat(card.price("", PricingCategory.MARKETING)).isEqualByComparingTo("0.05");
  }

  @Test
  void price_noRowAndNoStar_isZero() {
    RateCard card = RateCard.parse(CARD);

    assertThat(card.price("DE", PricingCategory.UTILITY)).isEqualTo(BigDecimal.ZERO);
    assertThat(card.price("US", PricingCategory.SERVICE)).isEqualTo(BigDecimal.ZERO);
    assertThat(RateCard.parse("").price("US", PricingCategory.MARKETING))
        .isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void parse_keepsRowsInOrder_andPricesAsWritten() {
    assertThat(RateCard.parse(CARD).rates())
        .containsExactly(
            new Rate("US", PricingCategory.MARKETING, new BigDecimal("0.025")),
            new Rate("US", PricingCategory.UTILITY, new BigDecimal("0.004")),
            new Rate("*", PricingCategory.MARKETING, new BigDecimal("0.05")),
            new Rate("BR", PricingCategory.AUTHENTICATION_INTERNATIONAL, new BigDecimal("0.03")));
  }

  @Test
  void parse_withoutHeader_byteOrderMarkAndSpaces_isAccepted() {
    RateCard card = RateCard.parse("\uFEFF  US , marketing , 1.5 \r\n#x\r\n\t\r\nGB,SERVICE,0\r\n");

    assertThat(card.price("US", PricingCategory.MARKETING)).isEqualByComparingTo("1.5");
    assertThat(card.rates()).hasSize(2);
  }

  // --- malformed lines

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "US,MARKETING,-1 | rate card line 7: price '-1' must be a non-negative decimal",
        "US,MARKETING,+1 | rate card line 7: price '+1' must be a non-negative decimal",
        "US,MARKETING,1e3 | rate card line 7: price '1e3' must be a non-negative decimal",
        "US,MARKETING,.5 | rate card line 7: price '.5' must be a non-negative decimal",
        "US,MARKETING,5. | rate card line 7: price '5.' must be a non-negative decimal",
        "US,MARKETING,1,000 | rate card line 7: 'US,MARKETING,1,000' must have 3 fields",
        "US,MARKETING,abc | rate card line 7: price 'abc' must be a non-negative decimal",
        "US,MARKETING, | rate card line 7: price '' must be a non-negative decimal",
        "us,MARKETING,1 | rate card line 7: country 'us' must be an upper-case ISO 3166 alpha-2"
            + " code or *",
        "UK,MARKETING,1 | rate card line 7: country 'UK' must be an upper-case ISO 3166 alpha-2"
            + " code or *",
        "USA,MARKETING,1 | rate card line 7: country 'USA' must be an upper-case ISO 3166 alpha-2"
            + " code or *",
        ",MARKETING,1 | rate card line 7: country '' must be an upper-case ISO 3166 alpha-2"
            + " code or *",
        "US,PROMO,1 | rate card line 7: category 'PROMO' must be one of AUTHENTICATION,"
            + " AUTHENTICATION_INTERNATIONAL, MARKETING, SERVICE, UTILITY",
        "US,marketing_lite,1 | rate card line 7: category 'marketing_lite' must be one of",
        "US,MARKETING | rate card line 7: 'US,MARKETING' must have 3 fields"
            + " country,category,price but has 2",
        "US,MARKETING,1,USD | rate card line 7: 'US,MARKETING,1,USD' must have 3 fields"
            + " country,category,price but has 4",
        "US;MARKETING;1 | rate card line 7: 'US;MARKETING;1' must have 3 fields",
        "US,MARKETING,0.025 | rate card line 7: country 'US' and category MARKETING already have"
            + " a price on line 3",
        "country,category,price | rate card line 7: country 'country' must be an upper-case",
      })
  void parse_malformedLine_namesLineAndValue(String line, String message) {
    String csv = "country,category,price\n# comment\nUS,MARKETING,0.025\n\n*,UTILITY,1\n\n" + line;

    assertThatThrownBy(() -> RateCard.parse(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void of_duplicatePair_isRejected() {
    Rate rate = new Rate("US", PricingCategory.MARKETING, BigDecimal.ONE);

    assertThatThrownBy(() -> RateCard.of(List.of(rate, rate)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card has two prices for US MARKETING");
  }

  @Test
  void rate_negativePriceOrBadCountry_isRejected() {
    assertThatThrownBy(() -> new Rate("US", PricingCategory.MARKETING, new BigDecimal("-0.1")))
        .hasMessage("price -0.1 must not be negative");
    assertThatThrownBy(() -> new Rate("ZZ", PricingCategory.MARKETING, BigDecimal.ONE))
        .hasMessageContaining("country 'ZZ'");
  }

  // --- loading a file for the setting

  @Test
  void load_file_parsesIt() throws IOException {
    Path file = Files.writeString(dir.resolve("card.csv"), CARD);

    assertThat(RateCard.load(Optional.of(file)).price("US", PricingCategory.MARKETING))
        .isEqualByComparingTo("0.025");
  }

  @Test
  void load_badLine_isASettingErrorNamingSettingFileLineAndValue() throws IOException {
    Path file = Files.writeString(dir.resolve("card.csv"), "US,MARKETING,-1\n");

    assertThatThrownBy(() -> RateCard.load(Optional.of(file)))
        .isInstanceOfSatisfying(
            SettingException.class, e -> assertThat(e.setting()).contains(Setting.RATE_CARD))
        .hasMessage(
            "setting rate-card: '"
                + file
                + "': rate card line 1: price '-1' must be a non-negative decimal");
  }

  @Test
  void load_missingFile_isASettingError() {
    Path file = dir.resolve("gone.csv");

    assertThatThrownBy(() -> RateCard.load(Optional.of(file)))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("setting rate-card: cannot read '" + file + "'");
  }

  @Test
  void load_notUtf8_isASettingError() throws IOException {
    Path file = Files.write(dir.resolve("card.csv"), new byte[] {'U', 'S', (byte) 0xff, '\n'});

    assertThatThrownBy(() -> RateCard.load(Optional.of(file)))
        .isInstanceOf(SettingException.class)
        .hasMessage("setting rate-card: '" + file + "' is not UTF-8 text");
  }

  // --- round trip

  @Property(tries = 300)
  void parse_printedCard_hasTheSamePrices(@ForAll("rows") List<Rate> rows) {
    Map<String, Rate> unique = new LinkedHashMap<>();
    for (Rate row : rows) {
      unique.putIfAbsent(row.country() + " " + row.category(), row);
    }
    List<Rate> rates = new ArrayList<>(unique.values());
    StringBuilder csv = new StringBuilder("country,category,price\n");
    for (Rate rate : rates) {
      csv.append(rate.country())
          .append(',')
          .append(rate.category().name().toLowerCase(Locale.ROOT))
          .append(',')
          .append(rate.price().toPlainString())
          .append('\n');
    }

    RateCard card = RateCard.parse(csv.toString());

    assertThat(card.rates()).isEqualTo(rates);
    for (Rate rate : rates) {
      assertThat(card.price(rate.country(), rate.category())).isEqualTo(rate.price());
    }
  }

  @Provide
  Arbitrary<List<Rate>> rows() {
    Arbitrary<String> countries = Arbitraries.of("*", "US", "BR", "GB", "IN", "DE", "XK", "AQ");
    Arbitrary<BigDecimal> prices =
        Arbitraries.bigDecimals()
            .between(BigDecimal.ZERO, new BigDecimal("1000000"))
            .ofScale(6)
            .map(BigDecimal::stripTrailingZeros)
            .map(p -> p.scale() < 0 ? p.setScale(0) : p);
    return Combinators.combine(countries, Arbitraries.of(PricingCategory.class), prices)
        .as(Rate::new)
        .list()
        .ofMaxSize(40);
  }
}
