package io.clicktrail.message;

import static io.clicktrail.message.LinkExtractor.asciiLower;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the character references of an html attribute value that {@link LinkExtractor#inHtml}
 * supports: numeric references in decimal and hexadecimal, and the five named references of XML
 * (four of them also in uppercase). Each needs its closing semicolon; anything else stays as
 * written.
 */
final class CharacterReferences {
  private CharacterReferences() {}

  /** The value with its supported character references decoded. */
  static String decode(String value) {
    if (value.indexOf('&') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      int consumed = c == '&' ? appendReference(value, i, out) : 0;
      if (consumed == 0) {
        out.append(c);
        i++;
      } else {
        i += consumed;
      }
    }
    return out.toString();
  }

  /** Appends the character reference at {@code amp}; returns its length, or 0 if there is none. */
  private static int appendReference(String s, int amp, StringBuilder out) {
    int p = amp + 1;
    if (p < s.length() && s.charAt(p) == '#') {
      p++;
      int radix = 10;
      if (p < s.length() && (s.charAt(p) == 'x' || s.charAt(p) == 'X')) {
        radix = 16;
        p++;
      }
      int digitsStart = p;
      int value = 0;
      int digit;
      while (p < s.length() && (digit = asciiDigit(s.charAt(p), radix)) >= 0) {
        // saturate just above the Unicode range so long digit runs cannot overflow
        value = Math.min(value * radix + digit, Character.MAX_CODE_POINT + 1);
        p++;
      }
      if (p == digitsStart || p >= s.length() || s.charAt(p) != ';') {
        return 0;
      }
      boolean valid =
          value != 0
              && value <= Character.MAX_CODE_POINT
              && !(value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE);
      out.appendCodePoint(valid ? value : 0xFFFD);
      return p + 1 - amp;
    }
    // the longest supported name is four letters; the bound keeps many bare '&'s linear
    int semicolon = s.indexOf(';', p, Math.min(s.length(), p + 5));
    if (semicolon < 0) {
      return 0;
    }
    String decoded = named(s.substring(p, semicolon));
    if (decoded == null) {
      return 0;
    }
    out.append(decoded);
    return semicolon + 1 - amp;
  }

  private static @Nullable String named(String name) {
    return switch (name) {
      case "amp", "AMP" -> "&";
      case "lt", "LT" -> "<";
      case "gt", "GT" -> ">";
      case "quot", "QUOT" -> "\"";
      case "apos" -> "'";
      default -> null;
    };
  }

  private static int asciiDigit(char c, int radix) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (radix == 16 && asciiLower(c) >= 'a' && asciiLower(c) <= 'f') {
      return asciiLower(c) - 'a' + 10;
    }
    return -1;
  }
}
