package io.clicktrail.message;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Replaces the links {@link LinkExtractor} found in a message body, leaving every other character
 * as it was. Both methods are pure functions, safe to call from any thread.
 */
public final class LinkRewriter {
  private LinkRewriter() {}

  /**
   * Returns {@code text} with each link's span replaced by the replacement at the same index,
   * verbatim; everything outside the spans is unchanged.
   *
   * @param links spans of {@code text}, ascending and non-overlapping, as {@link
   *     LinkExtractor#inText} returns them
   * @throws IllegalArgumentException if the lists differ in size, or a span is out of bounds,
   *     overlaps or precedes the one before it
   */
  public static String inText(String text, List<FoundLink> links, List<String> replacements) {
    requireNonNull(text, "text");
    return rewrite(text, links, replacements, false);
  }

  /**
   * Returns {@code html} with each link's span (an attribute value) replaced by the replacement at
   * the same index; everything outside the spans, quotes included, is unchanged.
   *
   * <p>The replacement is escaped for an attribute value: {@code &} becomes {@code &amp;}, {@code
   * "} {@code &quot;}, {@code '} {@code &#39;}, {@code <} {@code &lt;} and {@code >} {@code &gt;},
   * whichever quote the value uses. An unquoted value stays unquoted unless the replacement is
   * empty or has a character an unquoted value cannot hold (ASCII whitespace, {@code " ' = < >} or
   * a backtick); then the escaped replacement is wrapped in double quotes.
   *
   * @param links spans of {@code html}, ascending and non-overlapping, as {@link
   *     LinkExtractor#inHtml} returns them
   * @throws IllegalArgumentException if the lists differ in size, or a span is out of bounds,
   *     overlaps or precedes the one before it
   */
  @SuppressWarnings("EscapedEntity") // the references are meant to render as written
  public static String inHtml(String html, List<FoundLink> links, List<String> replacements) {
    requireNonNull(html, "html");
    return rewrite(html, links, replacements, true);
  }

  private static String rewrite(
      String source, List<FoundLink> links, List<String> replacements, boolean html) {
    requireNonNull(links, "links");
    requireNonNull(replacements, "replacements");
    if (links.size() != replacements.size()) {
      throw new IllegalArgumentException(
          "links (" + links.size() + ") and replacements (" + replacements.size() + ") differ");
    }
    StringBuilder out = new StringBuilder(source.length() + 32 * links.size());
    int copied = 0;
    for (int i = 0; i < links.size(); i++) {
      FoundLink link = requireNonNull(links.get(i), "links[" + i + "]");
      String replacement = requireNonNull(replacements.get(i), "replacements[" + i + "]");
      if (link.start() < copied || link.end() > source.length()) {
        throw new IllegalArgumentException(
            "link "
                + i
                + " span ["
                + link.start()
                + ","
                + link.end()
                + ") must lie within ["
                + copied
                + ","
                + source.length()
                + ")");
      }
      out.append(source, copied, link.start());
      out.append(html ? attributeValue(source, link, replacement) : replacement);
      copied = link.end();
    }
    return out.append(source, copied, source.length()).toString();
  }

  private static String attributeValue(String html, FoundLink link, String replacement) {
    String escaped = escape(replacement);
    char before = link.start() > 0 ? html.charAt(link.start() - 1) : '=';
    boolean quoted = before == '"' || before == '\'';
    return quoted || fitsUnquoted(replacement) ? escaped : '"' + escaped + '"';
  }

  private static boolean fitsUnquoted(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int k = 0; k < value.length(); k++) {
      if (" \t\n\f\r\"'=<>`".indexOf(value.charAt(k)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
