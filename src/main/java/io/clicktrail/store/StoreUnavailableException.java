package io.clicktrail.store;

/**
 * The store could not run a unit of work (disk full, database down, connection lost). The work had
 * no effect; callers answer 503 and may retry.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(
      String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
  }
}
