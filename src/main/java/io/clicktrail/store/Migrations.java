package io.clicktrail.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a database's schema to the current version with the scripts of one classpath folder. */
final class Migrations {
  private Migrations() {}

  static void migrate(DataSource dataSource, Dialect dialect, String location) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:" + location)
        .placeholders(dialect.migrationPlaceholders())
        .loggers("slf4j")
        .load()
        .migrate();
  }
}
