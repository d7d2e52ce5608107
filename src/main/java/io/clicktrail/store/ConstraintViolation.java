package io.clicktrail.store;

/** A write broke a uniqueness or foreign-key constraint; the transaction was rolled back. */
public final class ConstraintViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConstraintViolation(String message, Throwable cause) {
    super(message, cause);
  }
}
