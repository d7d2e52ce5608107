package io.clicktrail.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where state is kept. */
public sealed interface StoreLocation {
  /** The embedded SQLite database, one file under the data dir. */
  record Sqlite(Path file) implements StoreLocation {
    public Sqlite {
      requireNonNull(file, "file");
    }

    @Override
    public String toString() {
      return "sqlite";
    }
  }

  /**
   * PostgreSQL at a {@code jdbc:postgresql://} URL. {@link #toString()} masks any password in it;
   * {@link #jdbcUrl()} does not.
   */
  record Postgres(String jdbcUrl) implements StoreLocation {
    private static final Pattern PASSWORD =
        Pattern.compile("(?i)([?&;]password=)[^&;]*|(//[^/@?]*:)[^/@?]*@");

    public Postgres {
      requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
      return PASSWORD
          .matcher(jdbcUrl)
          .replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***@");
    }
  }
}
