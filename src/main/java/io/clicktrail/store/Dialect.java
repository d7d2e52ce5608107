package io.clicktrail.store;

import java.sql.SQLException;
import java.util.Map;

/** The few places where SQLite and PostgreSQL differ. */
public enum Dialect {
  // AUTOINCREMENT: ids are never reused, even after a table is emptied. The outbox is emptied
  // after every relay and relayed ids must stay unique; log positions must only grow.
  // WITHOUT ROWID: a rollup table is read by range of its primary key, and keeping the counts in
  // the key's B-tree saves a lookup per row (PostgreSQL has no rowid to drop).
  // strpos: the 1-based position of a substring (0 when absent), same arguments in both.
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "WITHOUT ROWID", "instr"),
  POSTGRES("BIGSERIAL PRIMARY KEY", "BYTEA", "", "strpos");

  private final String serialKey;
  private final String blob;
  private final String clusteredByKey;
  private final String strpos;

  Dialect(String serialKey, String blob, String clusteredByKey, String strpos) {
    this.serialKey = serialKey;
    this.blob = blob;
    this.clusteredByKey = clusteredByKey;
    this.strpos = strpos;
  }

  /** Placeholders substituted into the migration scripts. */
  Map<String, String> migrationPlaceholders() {
    return Map.of(
        "serial_key",
        serialKey,
        "blob",
        blob,
        "clustered_by_key",
        clusteredByKey,
        "strpos",
        strpos);
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
