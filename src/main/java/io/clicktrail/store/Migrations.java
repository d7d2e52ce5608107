package io.clicktrail.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a store's schema to the current version with the scripts in {@code db/migration}. */
final class Migrations {
  private Migrations() {}

  static void migrate(DataSource dataSource, Dialect dialect) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .placeholders(dialect.migrationPlaceholders())
        .loggers("slf4j")
        .load()
        .migrate();
  }
}
