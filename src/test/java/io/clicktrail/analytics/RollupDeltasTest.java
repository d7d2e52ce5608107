package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.store.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RollupDeltas} against a real SQLite table with the rollups' kind of upsert. */
class RollupDeltasTest {
  private static final String UPSERT =
      "INSERT INTO r (k, day, sent, delivered) VALUES (?, ?, ?, ?) ON CONFLICT (k, day)"
          + " DO UPDATE SET sent = r.sent + excluded.sent,"
          + " delivered = r.delivered + excluded.delivered";

  @TempDir Path dir;
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.db"));
    Sql.update(
        c,
        "CREATE TABLE r (k TEXT NOT NULL, day INTEGER NOT NULL, sent INTEGER NOT NULL,"
            + " delivered INTEGER NOT NULL, PRIMARY KEY (k, day))");
    Sql.update(c, "INSERT INTO r VALUES ('a', 1, 5, 4)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private List<String> rows() throws SQLException {
    return Sql.list(
        c,
        "SELECT k, day, sent, delivered FROM r ORDER BY k, day",
        rs -> rs.getString(1) + rs.getLong(2) + ":" + rs.getLong(3) + "/" + rs.getLong(4));
  }

  @Test
  void changesToOneRowAreSummedAndWrittenOnce() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    d.add(UPSERT, RollupDeltas.key("a", 1L), 1, 0);
    d.add(UPSERT, RollupDeltas.key("a", 1L), 1, 1);
    d.add(UPSERT, RollupDeltas.key("b", 1L), 1, 0);
    d.add(UPSERT, RollupDeltas.key("a", 2L), 0, 1);
    assertThat(d.pending()).isEqualTo(3);
    d.flush(c);
    assertThat(d.pending()).isZero();
    assertThat(rows()).containsExactly("a1:7/5", "a2:0/1", "b1:1/0");
  }

  @Test
  void aMoveBetweenRowsTakesFromOneAndAddsToTheOther() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    // a message leaves day 1 for day 2: -1 there, +1 here
    d.add(UPSERT, RollupDeltas.key("a", 1L), -1, -1);
    d.add(UPSERT, RollupDeltas.key("a", 2L), 1, 1);
    d.flush(c);
    assertThat(rows()).containsExactly("a1:4/3", "a2:1/1");
  }

  @Test
  void changesThatCancelOutWriteNothing() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    d.add(UPSERT, RollupDeltas.key("new", 9L), 1, 0);
    d.add(UPSERT, RollupDeltas.key("new", 9L), -1, 0);
    d.flush(c);
    assertThat(rows()).containsExactly("a1:5/4");
  }

  @Test
  void aFlushWritesItsChangesOnlyOnce() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    d.add(UPSERT, RollupDeltas.key("a", 1L), 1, 0);
    d.flush(c);
    d.flush(c);
    assertThat(rows()).containsExactly("a1:6/4");
  }

  @Test
  void aFailedFlushForgetsItsChangesSoThatTheRetriedBatchStartsClean() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    d.add("INSERT INTO missing_table (k, n) VALUES (?, ?)", RollupDeltas.key("a"), 1);
    assertThatThrownBy(() -> d.flush(c)).isInstanceOf(SQLException.class);
    assertThat(d.pending()).isZero();
  }

  @Test
  void oneRowTakesTheSameNumberOfCountersEachTime() {
    RollupDeltas d = new RollupDeltas();
    d.add(UPSERT, RollupDeltas.key("a", 1L), 1, 0);
    assertThatThrownBy(() -> d.add(UPSERT, RollupDeltas.key("a", 1L), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysMayHoldNulls() throws SQLException {
    RollupDeltas d = new RollupDeltas();
    d.add("INSERT INTO n (k, c) VALUES (?, ?)", RollupDeltas.key((Object) null), 1);
    d.add("INSERT INTO n (k, c) VALUES (?, ?)", RollupDeltas.key((Object) null), 2);
    Sql.update(c, "CREATE TABLE n (k TEXT, c INTEGER)");
    d.flush(c);
    assertThat(Sql.list(c, "SELECT k, c FROM n", rs -> rs.getString(1) + "=" + rs.getLong(2)))
        .containsExactly("null=3");
  }
}
