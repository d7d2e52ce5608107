package io.clicktrail.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work run on a store connection.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
  /** Runs the work; the caller owns the transaction around it. */
  T run(Connection connection) throws SQLException;
}
