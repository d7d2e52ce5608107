package io.clicktrail.analytics;

import static io.clicktrail.analytics.FieldArguments.snippet;

import io.clicktrail.analytics.FieldRequest.Argument;
import io.clicktrail.analytics.FieldRequest.ArrayArg;
import io.clicktrail.analytics.FieldRequest.Element;
import io.clicktrail.analytics.FieldRequest.IntegerArg;
import io.clicktrail.analytics.FieldRequest.IntegerElement;
import io.clicktrail.analytics.FieldRequest.Modifier;
import io.clicktrail.analytics.FieldRequest.StringElement;
import io.clicktrail.analytics.FieldRequest.WordArg;
import io.clicktrail.analytics.GraphFieldQuery.Window;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the modifiers of one analytics field into typed values. A list modifier takes a JSON array,
 * or a single word or integer as a one-element list; an absent modifier or an empty array means no
 * filter. Duplicate values are dropped, first occurrence kept. Enum words are matched ignoring
 * case, a string holding commas ({@code "COUNTRY,PHONE"}, as in Meta's own example) counts as
 * several words, and {@code AUTHENTICATION_INTERATIONAL} (Meta's documented misspelling) is read as
 * {@code AUTHENTICATION_INTERNATIONAL}. Every failure is a {@link FieldExpansionException}.
 */
final class GraphModifiers {
  private static final Set<String> WINDOW = Set.of("start", "end", "granularity");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern COMMA = Pattern.compile(",");

  private final FieldRequest request;

  /**
   * Fails on a modifier that is neither {@code start}, {@code end}, {@code granularity} nor one of
   * {@code optional}.
   */
  GraphModifiers(FieldRequest request, Set<String> optional) {
    this.request = request;
    for (Modifier m : request.modifiers()) {
      if (!WINDOW.contains(m.name()) && !optional.contains(m.name())) {
        throw unknownModifier(request.name(), m.name());
      }
    }
  }

  static FieldExpansionException unknownModifier(String field, String modifier) {
    return new FieldExpansionException(
        "unknown modifier '" + modifier + "' for field '" + field + "'");
  }

  /** The required {@code start}, {@code end} and {@code granularity}. */
  Window window(List<String> granularities) {
    long start = seconds("start");
    long end = seconds("end");
    Argument g = required("granularity");
    String raw = g instanceof WordArg w ? w.word() : g.expression();
    return new Window(start, end, Granularity.require(raw, granularities));
  }

  private long seconds(String name) {
    Argument a = required(name);
    if (a instanceof IntegerArg i) {
      return i.value();
    }
    throw new FieldExpansionException(name + " " + snippet(a.expression()) + " is not a number");
  }

  private Argument required(String name) {
    return request
        .argument(name)
        .orElseThrow(
            () ->
                new FieldExpansionException(
                    "missing modifier '" + name + "' for field '" + request.name() + "'"));
  }

  /** {@code phone_numbers}: display numbers as given, integers as their digits. */
  List<String> phoneNumbers() {
    String name = "phone_numbers";
    Set<String> out = new LinkedHashSet<>();
    for (Element e : elements(name)) {
      String number =
          switch (e) {
            case StringElement s -> s.value().strip();
            case IntegerElement i -> Long.toString(i.value());
          };
      if (number.isEmpty() || number.length() > 32) {
        throw badElement(name, e, "must be a phone number");
      }
      out.add(number);
    }
    return List.copyOf(out);
  }

  /** {@code country_codes}: two letters each, upper-cased. */
  List<String> countryCodes() {
    String name = "country_codes";
    Set<String> out = new LinkedHashSet<>();
    for (Element e : elements(name)) {
      if (!(e instanceof StringElement s) || !COUNTRY.matcher(s.value()).matches()) {
        throw badElement(name, e, "must be a 2-letter country code");
      }
      out.add(s.value().toUpperCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }

  /** {@code product_types}: 0 (template messages) or 2 (non-template messages). */
  List<Integer> productTypes() {
    String name = "product_types";
    Set<Integer> out = new LinkedHashSet<>();
    for (Element e : elements(name)) {
      String text =
          switch (e) {
            case StringElement s -> s.value().strip();
            case IntegerElement i -> Long.toString(i.value());
          };
      if (!text.equals("0") && !text.equals("2")) {
        throw badElement(name, e, "must be 0 or 2");
      }
      out.add(Integer.valueOf(text));
    }
    return List.copyOf(out);
  }

  /** The words of modifier {@code name} as constants of {@code type}; empty when absent. */
  <E extends Enum<E>> Set<E> enums(String name, Class<E> type) {
    EnumSet<E> out = EnumSet.noneOf(type);
    for (Element e : elements(name)) {
      if (!(e instanceof StringElement s)) {
        throw badElement(name, e, "must be one of " + names(type));
      }
      for (String word : COMMA.split(s.value(), -1)) {
        out.add(constant(name, type, word.strip()));
      }
    }
    return Collections.unmodifiableSet(out);
  }

  private static <E extends Enum<E>> E constant(String name, Class<E> type, String word) {
    String upper = word.toUpperCase(Locale.ROOT);
    String canonical =
        upper.equals("AUTHENTICATION_INTERATIONAL") ? "AUTHENTICATION_INTERNATIONAL" : upper;
    for (E c : type.getEnumConstants()) {
      if (c.name().equals(canonical)) {
        return c;
      }
    }
    throw new FieldExpansionException(
        name + " value '" + snippet(word) + "' must be one of " + names(type));
  }

  private static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }

  private List<Element> elements(String name) {
    return request
        .argument(name)
        .map(
            a ->
                switch (a) {
                  case ArrayArg arr -> arr.elements();
                  case WordArg w -> List.<Element>of(new StringElement(w.word()));
                  case IntegerArg i -> List.<Element>of(new IntegerElement(i.value()));
                })
        .orElse(List.of());
  }

  private static FieldExpansionException badElement(String name, Element e, String problem) {
    return new FieldExpansionException(name + " value " + snippet(e.json()) + " " + problem);
  }
}
