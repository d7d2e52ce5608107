package io.clicktrail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sql} reusing prepared statements ({@link StatementCache}) on a real SQLite file. */
class SqlStatementReuseTest {
  @TempDir Path dir;
  private Connection reader;
  private Connection writer;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("t.db");
    writer = DriverManager.getConnection(url);
    reader = DriverManager.getConnection(url);
    try (var s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
    }
    Sql.update(writer, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
    Sql.update(writer, "INSERT INTO t VALUES ('a', 1), ('b', 2)");
  }

  @AfterEach
  void close() throws SQLException {
    reader.close();
    writer.close();
  }

  private static final String VALUE = "SELECT v FROM t WHERE k = ?";

  private Optional<Integer> value(Connection c, String key) throws SQLException {
    return Sql.one(c, VALUE, rs -> rs.getInt(1), key);
  }

  @Test
  void theSameSqlOnTheSameConnectionReusesOneStatement() throws SQLException {
    PreparedStatement first = StatementCache.take(reader, VALUE);
    StatementCache.give(reader, VALUE, first);
    assertThat(value(reader, "a")).contains(1);
    assertThat(StatementCache.take(reader, VALUE)).isSameAs(first);
    // another connection has statements of its own
    assertThat(StatementCache.take(writer, VALUE)).isNotSameAs(first);
  }

  @Test
  void aReusedQuerySeesWhatWasCommittedSinceItsLastRun() throws SQLException {
    assertThat(value(reader, "a")).contains(1);
    // one() read the first row only; the statement must not pin the reader's old snapshot
    assertThat(Sql.list(reader, "SELECT v FROM t ORDER BY k", rs -> rs.getInt(1))).hasSize(2);
    assertThat(Sql.one(reader, "SELECT v FROM t ORDER BY k", rs -> rs.getInt(1))).contains(1);
    Sql.update(writer, "UPDATE t SET v = v + 10");
    Sql.update(writer, "INSERT INTO t VALUES ('c', 3)");
    assertThat(value(reader, "a")).contains(11);
    assertThat(Sql.list(reader, "SELECT v FROM t ORDER BY k", rs -> rs.getInt(1)))
        .containsExactly(11, 12, 3);
    assertThat(Sql.one(reader, "SELECT v FROM t ORDER BY k", rs -> rs.getInt(1))).contains(11);
  }

  @Test
  void parametersOfAnEarlierRunDoNotLeakIntoTheNext() throws SQLException {
    assertThat(value(reader, "a")).contains(1);
    assertThat(value(reader, "b")).contains(2);
    assertThat(value(reader, "missing")).isEmpty();
    assertThat(Sql.update(writer, "UPDATE t SET v = ? WHERE k = ?", 5, "a")).isEqualTo(1);
    assertThat(Sql.update(writer, "UPDATE t SET v = ? WHERE k = ?", 6, "b")).isEqualTo(1);
    assertThat(Sql.list(reader, "SELECT v FROM t ORDER BY k", rs -> rs.getInt(1)))
        .containsExactly(5, 6);
  }

  @Test
  void theSameQueryRunInsideItsOwnRowsGetsAStatementOfItsOwn() throws SQLException {
    String all = "SELECT k FROM t ORDER BY k";
    List<String> pairs =
        Sql.list(
            reader,
            all,
            rs -> rs.getString(1) + Sql.list(reader, all, inner -> inner.getString(1)));
    assertThat(pairs).containsExactly("a[a, b]", "b[a, b]");
  }

  @Test
  void aStatementWhoseRunFailedIsNotReused() throws SQLException {
    String insert = "INSERT INTO t VALUES (?, ?)";
    assertThatThrownBy(() -> Sql.update(writer, insert, "a", 9))
        .isInstanceOf(SQLException.class); // duplicate key
    PreparedStatement next = StatementCache.take(writer, insert);
    assertThat(next.isClosed()).isFalse();
    StatementCache.give(writer, insert, next);
    assertThat(Sql.update(writer, insert, "z", 26)).isEqualTo(1);
    assertThat(value(reader, "z")).contains(26);
  }

  @Test
  void aBatchReusesItsStatementWithoutRowsOfTheLastBatch() throws SQLException {
    String insert = "INSERT INTO t VALUES (?, ?)";
    Sql.batch(writer, insert, List.of(new Object[] {"x", 1}, new Object[] {"y", 2}));
    Sql.batch(writer, insert, List.<Object[]>of(new Object[] {"w", 3}));
    assertThat(Sql.list(reader, "SELECT k FROM t ORDER BY k", rs -> rs.getString(1)))
        .containsExactly("a", "b", "w", "x", "y");
  }

  @Test
  void manyDistinctStatementsKeepOnlyTheRecentOnes() throws SQLException {
    PreparedStatement oldest = StatementCache.take(reader, "SELECT 0");
    StatementCache.give(reader, "SELECT 0", oldest);
    for (int i = 1; i <= StatementCache.PER_CONNECTION; i++) {
      int n = i;
      assertThat(Sql.one(reader, "SELECT " + n, rs -> rs.getInt(1))).contains(n);
    }
    assertThat(oldest.isClosed()).isTrue();
    assertThat(Sql.one(reader, "SELECT 0", rs -> rs.getInt(1))).contains(0);
  }

  @Test
  void statementsOfAClosedConnectionAreNeverHandedOut() throws SQLException {
    assertThat(value(reader, "a")).contains(1);
    reader.close();
    reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    assertThat(value(reader, "a")).contains(1);
  }
}
