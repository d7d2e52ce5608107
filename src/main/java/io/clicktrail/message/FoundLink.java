package io.clicktrail.message;

import static java.util.Objects.requireNonNull;

/**
 * A URL found in a message body: its exact source span and the URL it denotes.
 *
 * @param start index of the span's first char in the source string (UTF-16 index, inclusive)
 * @param end index just past the span's last char (exclusive); never less than {@code start}
 * @param url the link target: for text the span's own characters; for html the attribute value with
 *     character references decoded and surrounding whitespace trimmed
 */
public record FoundLink(int start, int end, String url) {

  /**
   * Validates the span.
   *
   * @throws IllegalArgumentException if {@code start} is negative or {@code end} is before it
   */
  public FoundLink {
    requireNonNull(url, "url");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "span [" + start + "," + end + ") must satisfy 0 <= start <= end");
    }
  }
}
