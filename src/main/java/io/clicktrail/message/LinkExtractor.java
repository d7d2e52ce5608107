package io.clicktrail.message;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

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
    return new HtmlLinkScanner(html).scan();
  }

  /** Index just past an http or https scheme and its slashes at {@code i}, or -1. */
  static int schemeEnd(String s, int i) {
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
  static boolean startsWithAsciiIgnoreCase(String s, int offset, String lowerAscii) {
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

  static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
