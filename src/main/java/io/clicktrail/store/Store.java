package io.clicktrail.store;

/**
 * Transactional access to the state and read models.
 *
 * <p>Two implementations: {@link SqliteStore} (one file in the data directory, the default) and a
 * PostgreSQL store for scaled-out deployments. Code above this seam writes SQL both dialects
 * accept; the few differences are in {@link Dialect}.
 */
public interface Store extends AutoCloseable {

  /**
   * Runs {@code work} in a read-only transaction.
   *
   * @throws StoreUnavailableException when the store cannot be reached
   */
  <T> T read(SqlWork<T> work);

  /**
   * Runs {@code work} in one read-write transaction: committed when it returns, rolled back when it
   * throws. A {@link java.sql.SQLException} the work throws is rethrown as {@link
   * StoreUnavailableException} unless it is a constraint violation, which is rethrown as {@link
   * ConstraintViolation}.
   */
  <T> T write(SqlWork<T> work);

  /** The SQL dialect of this store. */
  Dialect dialect();

  /** Whether the store accepts writes right now (used by the health check). */
  boolean writable();

  @Override
  void close();
}
