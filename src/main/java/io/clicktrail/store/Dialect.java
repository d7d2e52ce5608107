package io.clicktrail.store;

import java.sql.SQLException;
import java.util.Map;

/** The few places where SQLite and PostgreSQL differ. */
public enum Dialect {
  // AUTOINCREMENT: ids are never reused, even after a table is emptied. The outbox is emptied
  // after every relay and relayed ids must stay unique; log positions must only grow.
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB"),
  POSTGRES("BIGSERIAL PRIMARY KEY", "BYTEA");

  private final String serialKey;
  private final String blob;

  Dialect(String serialKey, String blob) {
    this.serialKey = serialKey;
    this.blob = blob;
  }

  /** Placeholders substituted into the migration scripts. */
  Map<String, String> migrationPlaceholders() {
    return Map.of("serial_key", serialKey, "blob", blob);
  }

  /** Whether the exception reports a unique, primary-key or foreign-key violation. */
  boolean isConstraintViolation(SQLException e) {
    return switch (this) {
      // SQLITE_CONSTRAINT and its extended codes share the low byte 19
      case SQLITE -> (e.getErrorCode() & 0xff) == 19;
      case POSTGRES -> e.getSQLState() != null && e.getSQLState().startsWith("23");
    };
  }
}
