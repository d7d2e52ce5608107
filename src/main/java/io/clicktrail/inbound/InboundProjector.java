package io.clicktrail.inbound;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.catalog.Catalog;
import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.EventLog;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.WhatsAppChangeReceived;
import io.clicktrail.message.Messages;
import io.clicktrail.track.Links;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of the event log that folds {@link WhatsAppChangeReceived} events on the {@code
 * messages} field into read models, in the transaction that commits its log position: statuses
 * ({@link StatusProjection}), inbound messages and referrals ({@link MessageProjection}) and Meta's
 * click reports ({@link UserActionProjection}). Changes on other fields are only relayed, not
 * projected. Every write is keyed by a natural key, so an event offered twice, or a payload Meta
 * delivered twice, changes nothing the second time.
 */
public final class InboundProjector implements EventHandler {
  /** The durable consumer name of this projector. */
  public static final String CONSUMER = "inbound";

  private static final Logger LOG = LoggerFactory.getLogger(InboundProjector.class);

  private final StatusProjection statuses;
  private final MessageProjection messages = new MessageProjection();
  private final UserActionProjection actions;

  /**
   * @param messages creates messages learnt from statuses
   * @param links resolves Meta's tracking tokens to Clicktrail links
   * @param log where clicks reported by Meta are appended (through the outbox)
   */
  public InboundProjector(Messages messages, Links links, EventLog log) {
    this.statuses = new StatusProjection(requireNonNull(messages, "messages"));
    this.actions =
        new UserActionProjection(requireNonNull(links, "links"), requireNonNull(log, "log"));
  }

  @Override
  public boolean handles(Class<? extends Event> type) {
    return type == WhatsAppChangeReceived.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    for (LoggedEvent logged : batch) {
      if (logged.event() instanceof WhatsAppChangeReceived change
          && change.field().equals("messages")) {
        project(tx, logged.position(), change);
      }
    }
  }

  private void project(Connection tx, long position, WhatsAppChangeReceived change)
      throws SQLException {
    JsonNode tree;
    ChangeValue value;
    try {
      tree = PayloadParser.MAPPER.readTree(change.value());
      value = PayloadParser.MAPPER.treeToValue(tree, ChangeValue.class);
    } catch (IOException | IllegalArgumentException e) {
      // checked at the edge before it was appended; only a hand-made event gets here
      LOG.error(
          "inbound change at position {} does not parse, skipped: {}", position, e.toString());
      return;
    }
    String account = change.accountId();
    String phone = change.phoneNumberId();
    ChangeValue.Metadata metadata = value.metadata();
    if (phone != null && metadata != null && metadata.displayPhoneNumber() != null) {
      // numbers that only ever appear in webhooks still belong in the account's catalog
      Catalog.learnPhoneNumber(
          tx, account, phone, metadata.displayPhoneNumber(), change.receivedAt());
    }
    statuses.apply(tx, account, phone, ChangeValue.orEmpty(value.statuses()));
    List<String> raw = new ArrayList<>();
    tree.path("messages").forEach(m -> raw.add(m.toString()));
    List<InboundMessage> inbound = ChangeValue.orEmpty(value.messages());
    if (raw.size() == inbound.size()) {
      messages.apply(
          tx,
          new MessageProjection.Origin(account, phone, change.receivedAt()),
          ChangeValue.orEmpty(value.contacts()),
          inbound,
          raw);
    }
    actions.apply(
        tx, account, phone, ChangeValue.orEmpty(value.userActions()), change.receivedAt());
  }
}
