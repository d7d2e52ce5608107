package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.MessageSent;
import io.clicktrail.event.WhatsAppChangeReceived;
import io.clicktrail.message.Delivery;
import io.clicktrail.message.Message;
import io.clicktrail.message.Messages;
import io.clicktrail.message.StatusTimelines;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
  /**
   * How many messages' stored contributions, rows and timelines are read with one statement each
   * ({@link Sql#listIn}): a webhook of 1,000 statuses touches up to 1,000 messages.
   */
  private static final int CHUNK = 512;

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
    List<String> ids = new ArrayList<>(touched);
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      Map<String, C> stored = stored(tx, chunk);
      Map<String, Message> messages = Messages.findAll(tx, chunk);
      Map<String, Delivery> deliveries = StatusTimelines.ofAll(tx, chunk);
      for (String id : chunk) {
        Message m = messages.get(id);
        Optional<C> now =
            m == null ? Optional.empty() : contribution(m, requireNonNull(deliveries.get(id)));
        sync(tx, deltas, id, Optional.ofNullable(stored.get(id)), now);
      }
    }
    deltas.flush(tx);
  }

  private void sync(
      Connection tx, RollupDeltas deltas, String messageId, Optional<C> before, Optional<C> now)
      throws SQLException {
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

  /**
   * What each of the messages contributed until now, as remembered, by message id; a message that
   * contributed nothing is not in the map.
   */
  protected abstract Map<String, C> stored(Connection tx, List<String> messageIds)
      throws SQLException;

  /** What message {@code m} contributes now, given its delivery; empty when nothing. */
  protected abstract Optional<C> contribution(Message m, Delivery delivery);

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
