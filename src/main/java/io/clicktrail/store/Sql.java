package io.clicktrail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One-statement JDBC calls on a connection the caller owns: prepare (or reuse, see {@link
 * StatementCache}), bind, run, map.
 *
 * <p>Parameters bind by position from 1. A {@link String}, {@link Long}, {@link Integer} or {@link
 * Boolean} binds with its typed setter so SQLite and PostgreSQL see the same column type; anything
 * else, {@code null} included, binds with {@link PreparedStatement#setObject(int, Object)}. Every
 * method leaves transactions to the caller and lets {@link SQLException} through.
 */
public final class Sql {
  private Sql() {}

  /**
   * Maps the current row of a result set; must not advance the cursor or return null.
   *
   * @param <T> what a row becomes
   */
  @FunctionalInterface
  public interface RowMapper<T> {
    /** The value of the row {@code rs} is on. */
    T map(ResultSet rs) throws SQLException;
  }

  /** What one call does with its prepared statement. */
  @FunctionalInterface
  private interface Run<T> {
    T on(PreparedStatement s) throws SQLException;
  }

  /**
   * Runs {@code run} on a prepared statement for {@code sql}, reused from earlier calls on the same
   * connection ({@link StatementCache}); a statement whose run failed is closed, not reused.
   */
  private static <T> T run(Connection c, String sql, Run<T> run) throws SQLException {
    PreparedStatement s = StatementCache.take(c, sql);
    T result;
    try {
      result = run.on(s);
    } catch (SQLException | RuntimeException e) {
      StatementCache.discard(s);
      throw e;
    }
    StatementCache.give(c, sql, s);
    return result;
  }

  /** Every row of the query, in result order, as a new modifiable list. */
  public static <T> List<T> list(
      Connection c, String sql, RowMapper<T> row, @Nullable Object... params) throws SQLException {
    return run(
        c,
        sql,
        s -> {
          bind(s, params);
          List<T> out = new ArrayList<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(row.map(rs));
            }
          }
          return out;
        });
  }

  /** The first row of the query, or empty when there is none; further rows are ignored. */
  public static <T> Optional<T> one(
      Connection c, String sql, RowMapper<T> row, @Nullable Object... params) throws SQLException {
    return run(
        c,
        sql,
        s -> {
          bind(s, params);
          try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
          }
        });
  }

  /** Where {@link #listIn}'s SQL takes its keys: {@code … WHERE id IN (:keys)}. */
  public static final String KEYS = ":keys";

  /** The most keys {@link #listIn} binds in one statement (SQLite allows 32,766 parameters). */
  static final int MAX_KEYS = 512;

  /**
   * Every row of {@code sql} for {@code keys}, where {@code sql} holds {@value #KEYS} once inside
   * an {@code IN (…)}: one statement per {@value #MAX_KEYS} keys instead of one per key. Each
   * statement's keys are padded to a power of two by repeating the last one (harmless inside {@code
   * IN}), so a few SQL texts serve every number of keys and their prepared statements are reused.
   * Rows come chunk by chunk, each chunk's in the order the query gives; no keys, no rows.
   */
  public static <T> List<T> listIn(Connection c, String sql, List<String> keys, RowMapper<T> row)
      throws SQLException {
    if (!sql.contains(KEYS)) {
      throw new IllegalArgumentException("no " + KEYS + " in " + sql);
    }
    List<T> out = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += MAX_KEYS) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_KEYS));
      int width = Integer.highestOneBit(chunk.size());
      width = width == chunk.size() ? width : width << 1;
      Object[] params = new Object[width];
      for (int i = 0; i < width; i++) {
        params[i] = chunk.get(Math.min(i, chunk.size() - 1));
      }
      String marks = String.join(", ", Collections.nCopies(width, "?"));
      out.addAll(list(c, sql.replace(KEYS, marks), row, params));
    }
    return out;
  }

  /**
   * {@link #listIn} as a map: the first column of each row (text) to what {@code value} makes of
   * that row; a later row for the same key replaces an earlier one.
   */
  public static <V> Map<String, V> mapIn(
      Connection c, String sql, List<String> keys, RowMapper<V> value) throws SQLException {
    Map<String, V> out = new HashMap<>();
    for (Map.Entry<String, V> e :
        listIn(c, sql, keys, rs -> Map.entry(rs.getString(1), value.map(rs)))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Runs an insert, update or delete; returns the number of rows it changed. */
  public static int update(Connection c, String sql, @Nullable Object... params)
      throws SQLException {
    return run(
        c,
        sql,
        s -> {
          bind(s, params);
          return s.executeUpdate();
        });
  }

  /**
   * Runs an insert, update or delete once per row of parameters, as one JDBC batch on one prepared
   * statement; does nothing for no rows.
   */
  public static void batch(Connection c, String sql, List<@Nullable Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    run(
        c,
        sql,
        s -> {
          for (@Nullable Object[] row : rows) {
            bind(s, row);
            s.addBatch();
          }
          return s.executeBatch();
        });
  }

  private static void bind(PreparedStatement s, @Nullable Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      int at = i + 1;
      switch (params[i]) {
        case String v -> s.setString(at, v);
        case Long v -> s.setLong(at, v);
        case Integer v -> s.setInt(at, v);
        case Boolean v -> s.setBoolean(at, v);
        case null, default -> s.setObject(at, params[i]);
      }
    }
  }

  /**
   * Runs {@code delete} in its own transaction again and again until it deletes fewer than {@code
   * chunk} rows, so a large purge never holds the writer for long. {@code delete} must delete at
   * most {@code chunk} rows per run (a {@code LIMIT} in a subquery). Returns the rows deleted.
   */
  public static long deleteInChunks(
      Store store, int chunk, String delete, @Nullable Object... params) {
    long total = 0;
    int deleted;
    do {
      deleted = store.write(tx -> update(tx, delete, params));
      total += deleted;
    } while (deleted >= chunk);
    return total;
  }
}
