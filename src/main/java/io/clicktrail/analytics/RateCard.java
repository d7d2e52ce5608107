package io.clicktrail.analytics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.clicktrail.config.Setting;
import io.clicktrail.config.SettingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The price of one message per country and pricing category (§8.7), in the account's currency, used
 * for the {@code cost} metrics of §8.3 to §8.5. Immutable and thread-safe.
 *
 * <p>The CSV form has one rate a line, {@code country,category,price}:
 *
 * <ul>
 *   <li>{@code country}: an ISO 3166 alpha-2 code in upper case ({@code US}; libphonenumber's
 *       regions such as {@code XK} too), or {@code *} for every country without a row of its own;
 *   <li>{@code category}: a {@link PricingCategory}, any case ({@link
 *       PricingCategory#parseFilter});
 *   <li>{@code price}: a non-negative decimal with a dot, such as {@code 0.025} (no sign, exponent
 *       or thousands separator).
 * </ul>
 *
 * <p>Whitespace around fields is ignored, as are blank lines, lines starting with {@code #} and a
 * first line {@code country,category,price}. A country and category pair appears at most once.
 * Anything else is an error naming its line number and value; a card is used whole or not at all.
 */
public final class RateCard {
  /** The built-in sample card, a class-path resource. */
  static final String SAMPLE_RESOURCE = "/ratecard/sample.csv";

  /** The country of a row that applies to every country without a row of its own. */
  public static final String ANY_COUNTRY = "*";

  private static final Pattern PRICE = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final String HEADER = "country,category,price";
  private static final Set<String> COUNTRIES = countries();
  private static final String CATEGORIES =
      Arrays.stream(PricingCategory.values()).map(Enum::name).collect(Collectors.joining(", "));

  private final List<Rate> rates;
  private final Map<Key, BigDecimal> prices;

  /**
   * One row of a card.
   *
   * @param country an upper-case ISO 3166 alpha-2 code, or {@link #ANY_COUNTRY}
   * @param price non-negative, in the account's currency
   */
  public record Rate(String country, PricingCategory category, BigDecimal price) {
    public Rate {
      requireNonNull(country, "country");
      requireNonNull(category, "category");
      requireNonNull(price, "price");
      if (!country.equals(ANY_COUNTRY) && !COUNTRIES.contains(country)) {
        throw new IllegalArgumentException(
            "country '" + country + "' must be an upper-case ISO 3166 alpha-2 code or *");
      }
      if (price.signum() < 0) {
        throw new IllegalArgumentException("price " + price + " must not be negative");
      }
    }
  }

  private record Key(String country, PricingCategory category) {}

  private RateCard(List<Rate> rates) {
    this.rates = List.copyOf(rates);
    Map<Key, BigDecimal> byKey = new HashMap<>();
    for (Rate rate : this.rates) {
      if (byKey.put(new Key(rate.country(), rate.category()), rate.price()) != null) {
        throw new IllegalArgumentException(
            "rate card has two prices for " + rate.country() + " " + rate.category());
      }
    }
    this.prices = Map.copyOf(byKey);
  }

  /**
   * A card of these rates.
   *
   * @throws IllegalArgumentException if a country and category pair appears twice
   */
  public static RateCard of(List<Rate> rates) {
    requireNonNull(rates, "rates");
    return new RateCard(rates);
  }

  /** The built-in sample card: made-up prices for trying Clicktrail out, nobody's real prices. */
  public static RateCard sample() {
    InputStream in = RateCard.class.getResourceAsStream(SAMPLE_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("missing resource " + SAMPLE_RESOURCE);
    }
    try (Reader reader = new InputStreamReader(in, UTF_8)) {
      return parse(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
    }
  }

  /**
   * The card of the {@code rate-card} setting: the file if one is given (UTF-8), else {@link
   * #sample()}. Meant to be called once at start-up.
   *
   * @throws SettingException naming {@link Setting#RATE_CARD}, the file and, for a bad line, its
   *     number and value, when the file cannot be read or is not a valid card
   */
  public static RateCard load(Optional<Path> file) {
    requireNonNull(file, "file");
    if (file.isEmpty()) {
      return sample();
    }
    Path path = file.get();
    try (Reader reader =
        new InputStreamReader(
            Files.newInputStream(path),
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT))) {
      return parse(reader);
    } catch (CharacterCodingException e) {
      throw new SettingException(Setting.RATE_CARD, "'" + path + "' is not UTF-8 text");
    } catch (IOException e) {
      throw new SettingException(Setting.RATE_CARD, "cannot read '" + path + "': " + e);
    } catch (IllegalArgumentException e) {
      throw new SettingException(Setting.RATE_CARD, "'" + path + "': " + e.getMessage());
    }
  }

  /**
   * Parses the CSV text of a card (see the class comment).
   *
   * @throws IllegalArgumentException for the first bad line, with a message such as {@code rate
   *     card line 7: price '-1' must be a non-negative decimal}
   */
  public static RateCard parse(String csv) {
    requireNonNull(csv, "csv");
    try {
      return parse(new StringReader(csv));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the CSV text of a card read from {@code reader}, which is not closed.
   *
   * @throws IllegalArgumentException for the first bad line, as {@link #parse(String)}
   * @throws IOException if the reader fails
   */
  public static RateCard parse(Reader reader) throws IOException {
    requireNonNull(reader, "reader");
    BufferedReader lines = new BufferedReader(reader);
    List<Rate> rates = new ArrayList<>();
    Map<Key, Integer> lineOf = new HashMap<>();
    boolean first = true;
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      String text = (number == 1 ? line.replace("\uFEFF", "") : line).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      boolean header = first && text.replace(" ", "").equalsIgnoreCase(HEADER);
      first = false;
      if (header) {
        continue;
      }
      Rate rate = row(text, number);
      Integer earlier = lineOf.putIfAbsent(new Key(rate.country(), rate.category()), number);
      if (earlier != null) {
        throw lineError(
            number,
            "country '"
                + rate.country()
                + "' and category "
                + rate.category()
                + " already have a price on line "
                + earlier);
      }
      rates.add(rate);
    }
    return new RateCard(rates);
  }

  private static Rate row(String text, int number) {
    String[] fields = text.split(",", -1);
    if (fields.length != 3) {
      throw lineError(
          number,
          "'" + text + "' must have 3 fields country,category,price but has " + fields.length);
    }
    String country = fields[0].strip();
    if (!country.equals(ANY_COUNTRY) && !COUNTRIES.contains(country)) {
      throw lineError(
          number, "country '" + country + "' must be an upper-case ISO 3166 alpha-2 code or *");
    }
    String categoryName = fields[1].strip();
    PricingCategory category =
        PricingCategory.parseFilter(categoryName)
            .orElseThrow(
                () ->
                    lineError(
                        number, "category '" + categoryName + "' must be one of " + CATEGORIES));
    String price = fields[2].strip();
    if (!PRICE.matcher(price).matches()) {
      throw lineError(number, "price '" + price + "' must be a non-negative decimal");
    }
    return new Rate(country, category, new BigDecimal(price));
  }

  private static IllegalArgumentException lineError(int number, String problem) {
    return new IllegalArgumentException("rate card line " + number + ": " + problem);
  }

  /**
   * The price of one message of {@code category} to {@code country}: the country's own row, else
   * the {@code *} row of the category, else zero. An empty or unknown country gets the {@code *}
   * price.
   */
  public BigDecimal price(String country, PricingCategory category) {
    requireNonNull(country, "country");
    requireNonNull(category, "category");
    BigDecimal price = prices.get(new Key(country, category));
    if (price == null) {
      price = prices.get(new Key(ANY_COUNTRY, category));
    }
    return price == null ? BigDecimal.ZERO : price;
  }

  /** The rows of the card in the order given. */
  public List<Rate> rates() {
    return rates;
  }

  @Override
  public String toString() {
    return "RateCard" + rates;
  }

  private static Set<String> countries() {
    Set<String> countries = new HashSet<>(Arrays.asList(Locale.getISOCountries()));
    countries.addAll(PhoneNumberUtil.getInstance().getSupportedRegions());
    return Set.copyOf(countries);
  }
}
