package io.clicktrail.analytics;

/**
 * An analytics request that cannot be answered as asked: a malformed {@code fields} expression, an
 * unknown field or modifier, or a bad modifier value. The message is lowercase, names the problem
 * and the bad value (and, for syntax errors, the 0-based position in the decoded expression), and
 * is meant to be answered as a 400 with code 100.
 */
public final class FieldExpansionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with {@code message}; no stack trace is captured. */
  public FieldExpansionException(String message) {
    super(message, null, false, false);
  }
}
