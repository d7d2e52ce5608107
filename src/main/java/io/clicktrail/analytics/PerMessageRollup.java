package io.clicktrail.analytics;

import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.MessageSent;
import io.clicktrail.event.WhatsAppChangeReceived;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fold the per-message rollups share: for every message an event touches (a registration, any
 * status about it), recompute what the message contributes from the read models, and when that
 * differs from what it contributed before, take the old contribution out of the rollup, put the new
 * one in and remember it; the rollup rows' changes are summed over the batch and written once
 * ({@link RollupDeltas}). Being state-based, a replayed or duplicated event changes nothing, and a
 * late status moves a count to where it now belongs.
 *
 * @param <C> what one message contributes (a value with {@code equals})
 */
abstract class PerMessageRollup<C> implements EventHandler {

  @Override
  public boolean handles(Class<? extends Event> type) {
    return type == MessageSent.class || type == WhatsAppChangeReceived.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    Set<String> touched = new LinkedHashSet<>();
    for (LoggedEvent logged : batch) {
      switch (logged.event()) {
        case MessageSent sent -> touched.add(sent.messageId());
        case WhatsAppChangeReceived change -> touched.addAll(StatusIds.of(change.value()));
        default -> {}
      }
    }
    RollupDeltas deltas = new RollupDeltas();
    for (String id : touched) {
      sync(tx, deltas, id);
    }
    deltas.flush(tx);
  }

  private void sync(Connection tx, RollupDeltas deltas, String messageId) throws SQLException {
    Optional<C> before = stored(tx, messageId);
    Optional<C> now = contribution(tx, messageId);
    if (before.equals(now)) {
      return;
    }
    if (before.isPresent()) {
      add(deltas, before.get(), -1);
    }
    if (now.isPresent()) {
      add(deltas, now.get(), 1);
      save(tx, messageId, now.get());
    } else {
      forget(tx, messageId);
    }
  }

  /** What the message contributed until now, as remembered; empty when nothing. */
  protected abstract Optional<C> stored(Connection tx, String messageId) throws SQLException;

  /** What the message contributes now, from the read models; empty when nothing. */
  protected abstract Optional<C> contribution(Connection tx, String messageId) throws SQLException;

  /**
   * Adds {@code sign} (+1 or -1) times {@code c} to the rollup's rows in {@code deltas}, which are
   * written once the batch's messages are all synced.
   */
  protected abstract void add(RollupDeltas deltas, C c, int sign);

  /** Remembers {@code c} as the message's contribution. */
  protected abstract void save(Connection tx, String messageId, C c) throws SQLException;

  /** Forgets the message's contribution. */
  protected abstract void forget(Connection tx, String messageId) throws SQLException;
}
