package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.time.InstantSource;

/**
 * Which accounts confirmed template insights ({@code POST /{waba_id}?is_enabled_for_insights=true},
 * §8.5); {@code template_analytics} answers 403 for the others. Thread-safe.
 */
public final class TemplateInsights {
  private final Store store;
  private final InstantSource clock;

  public TemplateInsights(Store store, InstantSource clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Turns insights on ({@code enabled}) or off for {@code accountId}; repeating is harmless. */
  public void set(String accountId, boolean enabled) {
    requireNonNull(accountId, "accountId");
    store.write(
        c ->
            enabled
                ? Sql.update(
                    c,
                    "INSERT INTO template_insights (account_id, enabled_at) VALUES (?, ?)"
                        + " ON CONFLICT (account_id) DO NOTHING",
                    accountId,
                    clock.millis() / 1000)
                : Sql.update(c, "DELETE FROM template_insights WHERE account_id = ?", accountId));
  }

  /** Whether {@code accountId} confirmed insights. */
  public boolean enabled(String accountId) {
    requireNonNull(accountId, "accountId");
    return store.read(
        c ->
            Sql.one(c, "SELECT 1 FROM template_insights WHERE account_id = ?", rs -> 1, accountId)
                .isPresent());
  }
}
