package io.clicktrail.message;

import static io.clicktrail.message.LinkExtractor.asciiLower;
import static io.clicktrail.message.LinkExtractor.schemeEnd;
import static io.clicktrail.message.LinkExtractor.startsWithAsciiIgnoreCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A single pass over an html document that finds the http and https {@code href}s of its {@code
 * <a>} start tags, as {@link LinkExtractor#inHtml} describes; not reusable, not thread-safe.
 */
final class HtmlLinkScanner {
  /** Elements whose content is text, not markup, so an {@code <a>} inside them is no link. */
  private static final Set<String> RAW_TEXT_ELEMENTS =
      Set.of("script", "style", "textarea", "title");

  private final String html;
  private final int n;
  private final List<FoundLink> links = new ArrayList<>();

  HtmlLinkScanner(String html) {
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
    String url =
        trimControlsAndSpace(CharacterReferences.decode(html.substring(valueStart, valueEnd)));
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

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static boolean isAsciiAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
