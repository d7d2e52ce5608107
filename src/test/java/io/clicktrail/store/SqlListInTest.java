package io.clicktrail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sql#listIn} on a real SQLite file. */
class SqlListInTest {
  private static final String BY_KEY = "SELECT k, v FROM t WHERE k IN (" + Sql.KEYS + ")";

  @TempDir Path dir;
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    Sql.update(c, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new Object[] {"k" + i, i});
    }
    Sql.batch(c, "INSERT INTO t VALUES (?, ?)", rows);
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private List<Integer> values(List<String> keys) throws SQLException {
    return Sql.listIn(c, BY_KEY, keys, rs -> rs.getInt(2));
  }

  private static List<String> keys(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "k" + i).toList();
  }

  @Test
  void everyKeyIsLookedUpOnceWhateverTheCount() throws SQLException {
    for (int n : new int[] {1, 2, 3, 5, 8, 100, 511, 512, 513, 1300}) {
      assertThat(values(keys(0, n)))
          .as("%d keys", n)
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).boxed().toList());
    }
  }

  @Test
  void keysWithoutARowAreLeftOut() throws SQLException {
    assertThat(values(List.of("k7", "missing", "k9", "also-missing", "k8")))
        .containsExactlyInAnyOrder(7, 8, 9);
  }

  @Test
  void noKeysNoRowsNoStatement() throws SQLException {
    assertThat(Sql.listIn(c, "SELECT * FROM no_such_table WHERE k IN (:keys)", List.of(), rs -> 1))
        .isEmpty();
  }

  @Test
  void aRepeatedKeyGivesItsRowOncePerChunk() throws SQLException {
    assertThat(values(List.of("k1", "k1", "k1"))).containsExactly(1);
  }

  @Test
  void sqlWithoutThePlaceholderIsRefused() {
    assertThatThrownBy(() -> Sql.listIn(c, "SELECT v FROM t", List.of("k1"), rs -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Sql.KEYS);
  }

  @Test
  void mapInKeysEachRowByItsFirstColumn() throws SQLException {
    assertThat(Sql.mapIn(c, BY_KEY, List.of("k3", "missing", "k700"), rs -> rs.getInt(2)))
        .containsOnly(entry("k3", 3), entry("k700", 700));
  }

  @Test
  void keysAreBoundNeverSpliced() throws SQLException {
    assertThat(values(List.of("k1') OR 1=1 --", "k2"))).containsExactly(2);
  }
}
