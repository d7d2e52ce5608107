package io.clicktrail.message;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the http and https links of a message body, with the exact source span of each, so that
 * {@link LinkRewriter} can replace them without touching anything else.
 *
 * <p>Both methods are pure functions, safe to call from any thread, and never throw on any string:
 * malformed or truncated input simply yields fewer links.
 */
public final class LinkExtractor {
  private static final String TRAILING_PUNCTUATION = ".,;:!?'";
  private static final String OPENING_BRACKETS = "([{";
  private static final String CLOSING_BRACKETS = ")]}";

  /** Elements whose content is text, not markup, so an {@code <a>} inside them is no link. */
  private static final Set<String> RAW_TEXT_ELEMENTS =
      Set.of("script", "style", "textarea", "title");

  private LinkExtractor() {}

  /**
   * Returns the URLs of plain text (a WhatsApp body, the text part of an email) in order of
   * appearance, as an immutable list with ascending, non-overlapping spans.
   *
   * <p>A URL starts at {@code http://} or {@code https://} (ASCII case-insensitive) wherever it
   * occurs, even mid-word, and runs up to the first Unicode whitespace character (the Unicode
   * {@code White_Space} property, so including no-break and ideographic spaces) or {@code <},
   * {@code >}, {@code "}. Trailing characters are then dropped repeatedly while they are one of
   * {@code .,;:!?'} or a closing parenthesis, square bracket or curly brace without a matching
   * opening one inside the URL. What remains is a link if at least one character follows the
   * scheme. Any other character, including non-ASCII letters and emoji, is part of the URL. The
   * link's {@code url} is its span's text, unchanged.
   */
  public static List<FoundLink> inText(String text) {
    requireNonNull(text, "text");
    List<FoundLink> links = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int hostStart = schemeEnd(text, i);
      if (hostStart < 0) {
        i++;
        continue;
      }
      int end = withoutTrailing(text, i, hostStart, rawUrlEnd(text, hostStart));
      if (end > hostStart) {
        links.add(new FoundLink(i, end, text.substring(i, end)));
        i = end;
      } else {
        i = hostStart;
      }
    }
    return List.copyOf(links);
  }

  /**
   * Returns the http and https {@code href}s of the {@code <a>} start tags of an html document in
   * document order, as an immutable list with ascending, non-overlapping spans.
   *
   * <p>The scanner follows the HTML tokenizer closely enough for email bodies: tag and attribute
   * names are ASCII case-insensitive; values may be double-quoted, single-quoted or unquoted; the
   * first {@code href} of a tag wins. Comments, {@code <![CDATA[...]]>}, other {@code <!...>} and
   * {@code <?...>} constructs, and the content of {@code script}, {@code style}, {@code textarea}
   * and {@code title} elements are skipped. A tag not closed by {@code >} before the end of the
   * input is ignored, as browsers do.
   *
   * <p>The span is the attribute value only (inside the quotes, if any). The {@code url} is that
   * value with the character references {@code &amp; &lt; &gt; &quot; &apos;} (and the uppercase
   * {@code &AMP; &LT; &GT; &QUOT;}), {@code &#NN;} and {@code &#xHH;} decoded (each needs its
   * {@code ;}; other named references stay as written) and leading and trailing characters up to
   * U+0020 trimmed. Only values whose url starts with {@code http://} or {@code https://} (ASCII
   * case-insensitive) followed by at least one character count; {@code mailto:}, {@code tel:},
   * fragments, relative and {@code javascript:} references are not links.
   */
  @SuppressWarnings("EscapedEntity") // the references are meant to render as written
  public static List<FoundLink> inHtml(String html) {
    requireNonNull(html, "html");
    return new HtmlScanner(html).scan();
  }

  /** Index just past an http or https scheme and its slashes at {@code i}, or -1. */
  private static int schemeEnd(String s, int i) {
    if (startsWithAsciiIgnoreCase(s, i, "http://")) {
      return i + 7;
    }
    if (startsWithAsciiIgnoreCase(s, i, "https://")) {
      return i + 8;
    }
    return -1;
  }

  private static int rawUrlEnd(String text, int from) {
    int p = from;
    while (p < text.length()) {
      int cp = text.codePointAt(p);
      if (cp == '<' || cp == '>' || cp == '"' || isUnicodeWhitespace(cp)) {
        break;
      }
      p += Character.charCount(cp);
    }
    return p;
  }

  private static boolean isUnicodeWhitespace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || Character.isSpaceChar(cp);
  }

  private static int withoutTrailing(String text, int start, int hostStart, int rawEnd) {
    // surplus[k]: closing minus opening brackets of kind k within [start, end)
    int[] surplus = new int[CLOSING_BRACKETS.length()];
    for (int k = start; k < rawEnd; k++) {
      char c = text.charAt(k);
      int open = OPENING_BRACKETS.indexOf(c);
      if (open >= 0) {
        surplus[open]--;
      }
      int close = CLOSING_BRACKETS.indexOf(c);
      if (close >= 0) {
        surplus[close]++;
      }
    }
    int end = rawEnd;
    while (end > hostStart) {
      char last = text.charAt(end - 1);
      int close = CLOSING_BRACKETS.indexOf(last);
      if (TRAILING_PUNCTUATION.indexOf(last) >= 0) {
        end--;
      } else if (close >= 0 && surplus[close] > 0) {
        surplus[close]--;
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  /**
   * Whether {@code s} has {@code lowerAscii} at {@code offset}, comparing ASCII letters without
   * case. Unlike {@link String#regionMatches(boolean, int, String, int, int)} it never lets a
   * non-ASCII letter (such as U+017F, long s) match an ASCII one.
   */
  private static boolean startsWithAsciiIgnoreCase(String s, int offset, String lowerAscii) {
    if (offset < 0 || offset > s.length() - lowerAscii.length()) {
      return false;
    }
    for (int k = 0; k < lowerAscii.length(); k++) {
      if (asciiLower(s.charAt(offset + k)) != lowerAscii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static boolean isAsciiAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** A single pass over an html document; not reusable. */
  private static final class HtmlScanner {
    private final String html;
    private final int n;
    private final List<FoundLink> links = new ArrayList<>();

    HtmlScanner(String html) {
      this.html = html;
      this.n = html.length();
    }

    List<FoundLink> scan() {
      int pos = 0;
      while (pos < n) {
        int lt = html.indexOf('<', pos);
        if (lt < 0) {
          break;
        }
        pos = afterMarkup(lt);
      }
      return List.copyOf(links);
    }

    /** Consumes the construct starting with the {@code <} at {@code lt}; returns where to go on. */
    private int afterMarkup(int lt) {
      if (html.startsWith("<!--", lt)) {
        return afterComment(lt + 4);
      }
      if (html.startsWith("<![CDATA[", lt)) {
        return past(html.indexOf("]]>", lt + 9), 3);
      }
      int next = lt + 1;
      if (next >= n) {
        return n;
      }
      char c = html.charAt(next);
      if (c == '!' || c == '?') {
        return past(html.indexOf('>', next), 1);
      }
      if (c == '/') {
        if (next + 1 < n && isAsciiAlpha(html.charAt(next + 1))) {
          return afterTag(next + 1, true);
        }
        return past(html.indexOf('>', next), 1);
      }
      if (isAsciiAlpha(c)) {
        return afterTag(next, false);
      }
      return next;
    }

    private int afterComment(int from) {
      // "<!-->" and "<!--->" are complete (empty) comments; "--!>" also closes one
      if (html.startsWith(">", from)) {
        return from + 1;
      }
      if (html.startsWith("->", from)) {
        return from + 2;
      }
      int dashes = html.indexOf("-->", from);
      // bounded, so that many comments do not each scan the rest of the document
      int bang = html.indexOf("--!>", from, dashes < 0 ? n : dashes + 3);
      if (bang >= 0) {
        return bang + 4;
      }
      return past(dashes, 3);
    }

    private int past(int index, int length) {
      return index < 0 ? n : index + length;
    }

    /** Parses the tag whose name starts at {@code nameStart}; returns the index after it. */
    private int afterTag(int nameStart, boolean endTag) {
      int p = nameStart;
      while (p < n && !endsTagName(html.charAt(p))) {
        p++;
      }
      String name = lowerAscii(html.substring(nameStart, p));
      boolean anchor = !endTag && name.equals("a");
      boolean hrefSeen = false;
      @Nullable FoundLink link = null;
      while (true) {
        while (p < n && (isAsciiWhitespace(html.charAt(p)) || html.charAt(p) == '/')) {
          p++;
        }
        if (p >= n) {
          return n;
        }
        if (html.charAt(p) == '>') {
          p++;
          break;
        }
        int attributeStart = p++;
        while (p < n && !endsAttributeName(html.charAt(p))) {
          p++;
        }
        boolean href = anchor && !hrefSeen && isHref(attributeStart, p);
        hrefSeen |= href;
        int q = skipAsciiWhitespace(p);
        if (q < n && html.charAt(q) == '=') {
          q = skipAsciiWhitespace(q + 1);
          if (q >= n) {
            return n;
          }
          char quote = html.charAt(q);
          int valueStart;
          int valueEnd;
          if (quote == '"' || quote == '\'') {
            valueStart = q + 1;
            valueEnd = html.indexOf(quote, valueStart);
            if (valueEnd < 0) {
              return n;
            }
            p = valueEnd + 1;
          } else {
            valueStart = q;
            while (q < n && !isAsciiWhitespace(html.charAt(q)) && html.charAt(q) != '>') {
              q++;
            }
            valueEnd = q;
            p = q;
          }
          if (href) {
            link = httpLink(valueStart, valueEnd);
          }
        }
      }
      if (link != null) {
        links.add(link);
      }
      if (!endTag && RAW_TEXT_ELEMENTS.contains(name)) {
        return rawTextEnd(p, name);
      }
      return p;
    }

    private boolean isHref(int start, int end) {
      return end - start == 4 && startsWithAsciiIgnoreCase(html, start, "href");
    }

    /** The index of the end tag closing raw-text element {@code name}, or the input's end. */
    private int rawTextEnd(int from, String name) {
      int i = from;
      while (true) {
        int lt = html.indexOf("</", i);
        if (lt < 0) {
          return n;
        }
        int after = lt + 2 + name.length();
        if (startsWithAsciiIgnoreCase(html, lt + 2, name)
            && (after >= n || endsTagName(html.charAt(after)))) {
          return lt;
        }
        i = lt + 2;
      }
    }

    private @Nullable FoundLink httpLink(int valueStart, int valueEnd) {
      String url = trimControlsAndSpace(decode(html.substring(valueStart, valueEnd)));
      int hostStart = schemeEnd(url, 0);
      if (hostStart < 0 || hostStart == url.length()) {
        return null;
      }
      return new FoundLink(valueStart, valueEnd, url);
    }

    private int skipAsciiWhitespace(int from) {
      int p = from;
      while (p < n && isAsciiWhitespace(html.charAt(p))) {
        p++;
      }
      return p;
    }

    private static boolean endsTagName(char c) {
      return isAsciiWhitespace(c) || c == '/' || c == '>';
    }

    private static boolean endsAttributeName(char c) {
      return endsTagName(c) || c == '=';
    }

    private static String lowerAscii(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int k = 0; k < s.length(); k++) {
        out.append(asciiLower(s.charAt(k)));
      }
      return out.toString();
    }

    private static String trimControlsAndSpace(String s) {
      int start = 0;
      int end = s.length();
      while (start < end && s.charAt(start) <= ' ') {
        start++;
      }
      while (end > start && s.charAt(end - 1) <= ' ') {
        end--;
      }
      return s.substring(start, end);
    }

    private static String decode(String value) {
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

    /**
     * Appends the character reference at {@code amp}; returns its length, or 0 if there is none.
     */
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
}
