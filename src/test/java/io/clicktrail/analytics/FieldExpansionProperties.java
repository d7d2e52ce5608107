package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.analytics.FieldRequest.Argument;
import io.clicktrail.analytics.FieldRequest.ArrayArg;
import io.clicktrail.analytics.FieldRequest.Element;
import io.clicktrail.analytics.FieldRequest.IntegerArg;
import io.clicktrail.analytics.FieldRequest.IntegerElement;
import io.clicktrail.analytics.FieldRequest.Modifier;
import io.clicktrail.analytics.FieldRequest.StringElement;
import io.clicktrail.analytics.FieldRequest.WordArg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Printing any valid expression and parsing it gives it back, however it is spaced or encoded; and
 * no input makes the parser (or the field validation behind it) fail with anything but {@link
 * FieldExpansionException}.
 */
class FieldExpansionProperties {

  /** Pieces of text chosen to hit every token, escape and error path. */
  private static final List<String> PIECES =
      List.of(
          "analytics",
          "pricing_analytics",
          "conversation_analytics",
          "id",
          "start",
          "end",
          "granularity",
          "DAY",
          "MONTHLY",
          "phone_numbers",
          "dimensions",
          ".",
          ",",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          "\"",
          "\\",
          "\\u00",
          "'",
          "-",
          "0",
          "1543543200",
          "99999999999999999999",
          "1.5",
          "e9",
          "null",
          "true",
          "%",
          "%2",
          "%28",
          "%29",
          "%5B",
          "%22",
          "%C3",
          "%ZZ",
          "+",
          " ",
          "\n",
          "\t",
          "\u00a0",
          "é",
          "例",
          "🔥",
          "\ud83d",
          "\u0000",
          "A",
          "_");

  @Property
  void printedExpression_parsesBack(@ForAll("expressions") List<FieldRequest> fields) {
    assertThat(FieldExpansion.parse(FieldExpansion.print(fields))).isEqualTo(fields);
  }

  @Property
  void spacedExpression_parsesBack(
      @ForAll("expressions") List<FieldRequest> fields, @ForAll long seed) {
    assertThat(FieldExpansion.parse(spaced(fields, new Random(seed)))).isEqualTo(fields);
  }

  @Property
  void percentEncodedExpression_parsesBack(@ForAll("expressions") List<FieldRequest> fields) {
    assertThat(FieldExpansion.parse(percentEncode(FieldExpansion.print(fields)))).isEqualTo(fields);
  }

  @Property(tries = 3000)
  void pieceSoup_failsOnlyWithFieldExpansionException(@ForAll("soup") String fields) {
    failsOnlyCleanly(fields);
  }

  @Property(tries = 3000)
  void mutatedExpression_failsOnlyWithFieldExpansionException(
      @ForAll("expressions") List<FieldRequest> fields,
      @ForAll @IntRange(max = 10_000) int at,
      @ForAll("pieces") String piece,
      @ForAll @IntRange(min = 0, max = 2) int kind) {
    StringBuilder s = new StringBuilder(FieldExpansion.print(fields));
    int i = at % (s.length() + 1);
    switch (kind) {
      case 0 -> s.insert(i, piece);
      case 1 -> s.delete(i, Math.min(s.length(), i + piece.length()));
      default -> s.replace(i, Math.min(s.length(), i + 1), piece);
    }
    failsOnlyCleanly(s.toString());
  }

  @Property
  void anyString_failsOnlyWithFieldExpansionException(@ForAll String fields) {
    failsOnlyCleanly(fields);
  }

  private static void failsOnlyCleanly(String fields) {
    try {
      FieldExpansion.parse(fields);
    } catch (FieldExpansionException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      GraphFieldQuery.parse(fields);
    } catch (FieldExpansionException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> pieces() {
    return Arbitraries.of(PIECES);
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of(PIECES).list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<List<FieldRequest>> expressions() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcxyz_").ofMinLength(1).ofMaxLength(8);
    Arbitrary<Modifier> modifier = Combinators.combine(names, arguments()).as(Modifier::new);
    Arbitrary<FieldRequest> field =
        Combinators.combine(names, modifier.list().ofMaxSize(5).uniqueElements(Modifier::name))
            .as(FieldRequest::new);
    return field.list().ofMinSize(1).ofMaxSize(4).uniqueElements(FieldRequest::name);
  }

  private static Arbitrary<Argument> arguments() {
    Arbitrary<Argument> integers = Arbitraries.longs().map(IntegerArg::new);
    Arbitrary<Argument> words =
        Combinators.combine(
                Arbitraries.strings().withChars("ABYZ_ayz").ofLength(1),
                Arbitraries.strings().withChars("AZaz09_").ofMaxLength(10))
            .as((a, b) -> new WordArg(a + b));
    Arbitrary<Element> strings =
        Arbitraries.of(PIECES)
            .filter(p -> !p.equals("\ud83d"))
            .list()
            .ofMaxSize(4)
            .map(l -> new StringElement(String.join("", l)));
    Arbitrary<Element> longs = Arbitraries.longs().map(IntegerElement::new);
    Arbitrary<Argument> arrays =
        Arbitraries.oneOf(strings, longs).list().ofMaxSize(5).map(ArrayArg::new);
    return Arbitraries.oneOf(integers, words, arrays);
  }

  /** {@code fields} printed with random whitespace between every two tokens. */
  private static String spaced(List<FieldRequest> fields, Random random) {
    List<String> tokens = new ArrayList<>();
    for (FieldRequest f : fields) {
      if (!tokens.isEmpty()) {
        tokens.add(",");
      }
      tokens.add(f.name());
      for (Modifier m : f.modifiers()) {
        tokens.addAll(List.of(".", m.name(), "("));
        if (m.argument() instanceof ArrayArg a) {
          tokens.add("[");
          for (int i = 0; i < a.elements().size(); i++) {
            tokens.add((i > 0 ? "," : "") + a.elements().get(i).json());
          }
          tokens.add("]");
        } else {
          tokens.add(m.argument().expression());
        }
        tokens.add(")");
      }
    }
    String[] blanks = {"", " ", "\n", "\t", "  \r\n "};
    StringBuilder out = new StringBuilder();
    for (String t : tokens) {
      out.append(blanks[random.nextInt(blanks.length)]).append(t);
    }
    return out.append(blanks[random.nextInt(blanks.length)]).toString();
  }

  /** Every byte outside [A-Za-z0-9] as {@code %XX}. */
  private static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
