package io.clicktrail.analytics;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The counter changes a rollup projector makes while it handles one batch, summed per rollup row
 * and written once, at the end of the batch, in the order the rows were first touched.
 *
 * <p>A batch of WhatsApp changes moves thousands of messages between the same few rollup rows (one
 * account, a few phone numbers, countries and half-hours): each message took one contribution out
 * and put another in, two upserts a row, where the whole batch needs one upsert per row whose total
 * changed. A row whose changes cancel out is not written at all. The totals are those of applying
 * every change in turn, since counters only ever add.
 *
 * <p>Each {@code upsert} takes the row's key parameters first and then one parameter per counter,
 * and adds the counters it is given to the stored ones ({@code ON CONFLICT … DO UPDATE SET n = n +
 * excluded.n}).
 */
final class RollupDeltas {
  private record Row(String upsert, List<@Nullable Object> key) {}

  private final Map<Row, long[]> rows = new LinkedHashMap<>();

  /** Adds {@code counters} to the row of {@code upsert} that {@code key} names. */
  void add(String upsert, List<@Nullable Object> key, long... counters) {
    long[] sums = rows.computeIfAbsent(new Row(upsert, key), r -> new long[counters.length]);
    if (sums.length != counters.length) {
      throw new IllegalArgumentException(
          "row of " + upsert + " takes " + sums.length + " counters, not " + counters.length);
    }
    for (int i = 0; i < counters.length; i++) {
      sums[i] += counters[i];
    }
  }

  /** The key parameters of a row, nulls allowed. */
  static List<@Nullable Object> key(@Nullable Object... values) {
    return Arrays.asList(values);
  }

  /** Writes every row whose total changed, then forgets them all. */
  void flush(Connection tx) throws SQLException {
    try {
      for (Map.Entry<Row, long[]> e : rows.entrySet()) {
        long[] sums = e.getValue();
        if (Arrays.stream(sums).allMatch(n -> n == 0)) {
          continue;
        }
        List<@Nullable Object> params = new ArrayList<>(e.getKey().key());
        for (long n : sums) {
          params.add(n);
        }
        Sql.update(tx, e.getKey().upsert(), params.toArray());
      }
    } finally {
      rows.clear();
    }
  }

  /** How many rows hold changes not yet written. */
  int pending() {
    return rows.size();
  }
}
