package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.MessageSent;
import io.clicktrail.event.WhatsAppChangeReceived;
import io.clicktrail.message.Delivery;
import io.clicktrail.message.DeliveryStatus;
import io.clicktrail.message.Message;
import io.clicktrail.message.Messages;
import io.clicktrail.message.StatusTimelines;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code analytics} rollup (messages sent and delivered per account, phone number,
 * country, product type and UTC half-hour) in step with the messages and their status timelines.
 *
 * <p>It follows the inbound projector, and for every message an event touches it recomputes what
 * that message contributes (its sent half-hour from {@code sent_at}, its delivered half-hour from
 * its first delivered-or-read status, its country and product type) and moves the difference
 * against what it contributed before (kept in {@code analytics_messages}). Being state-based, it is
 * idempotent: a replayed or duplicated event changes nothing, and a late status that moves a
 * delivery earlier moves its count to the right half-hour.
 */
public final class MessageRollup implements EventHandler {
  /** The durable consumer name. */
  public static final String CONSUMER = "analytics";

  /** Width of a rollup bucket, seconds. */
  public static final long HALF_HOUR = 1800;

  private final Function<String, Optional<String>> countryOf;

  /**
   * @param countryOf the ISO country of a recipient's phone number, empty when unknown
   */
  public MessageRollup(Function<String, Optional<String>> countryOf) {
    this.countryOf = requireNonNull(countryOf, "countryOf");
  }

  /** What one message contributes to the rollup. */
  private record Contribution(
      String accountId,
      String phoneNumberId,
      String country,
      int productType,
      long sentBucket,
      @Nullable Long deliveredBucket) {}

  @Override
  public void handle(Connection tx, java.util.List<LoggedEvent> batch) throws SQLException {
    Set<String> touched = new LinkedHashSet<>();
    for (LoggedEvent logged : batch) {
      switch (logged.event()) {
        case MessageSent sent -> touched.add(sent.messageId());
        case WhatsAppChangeReceived change -> touched.addAll(StatusIds.of(change.value()));
        default -> {}
      }
    }
    for (String id : touched) {
      sync(tx, id);
    }
  }

  private void sync(Connection tx, String messageId) throws SQLException {
    Optional<Contribution> before = stored(tx, messageId);
    Optional<Contribution> now = contribution(tx, messageId);
    if (before.equals(now)) {
      return;
    }
    if (before.isPresent()) {
      add(tx, before.get(), -1);
    }
    if (now.isPresent()) {
      add(tx, now.get(), 1);
      save(tx, messageId, now.get());
    } else {
      Sql.update(tx, "DELETE FROM analytics_messages WHERE message_id = ?", messageId);
    }
  }

  private Optional<Contribution> contribution(Connection tx, String messageId) throws SQLException {
    Optional<Message> found = Messages.find(tx, messageId);
    if (found.isEmpty() || found.get().phoneNumberId() == null) {
      return Optional.empty(); // analytics cover WhatsApp messages only
    }
    Message m = found.get();
    Delivery delivery = StatusTimelines.of(tx, messageId);
    Long delivered = delivery.at(DeliveryStatus.DELIVERED);
    return Optional.of(
        new Contribution(
            m.accountId(),
            Objects.requireNonNull(m.phoneNumberId()),
            countryOf.apply(m.recipient()).orElse(""),
            m.templateId() == null ? 2 : 0,
            bucketOf(m.sentAt()),
            delivered == null ? null : bucketOf(delivered)));
  }

  /** The start of the UTC half-hour holding {@code epochSecond}. */
  static long bucketOf(long epochSecond) {
    return Math.floorDiv(epochSecond, HALF_HOUR) * HALF_HOUR;
  }

  private static Optional<Contribution> stored(Connection tx, String messageId)
      throws SQLException {
    return Sql.one(
        tx,
        "SELECT account_id, phone_number_id, country, product_type, sent_bucket,"
            + " delivered_bucket FROM analytics_messages WHERE message_id = ?",
        rs ->
            new Contribution(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getLong(5),
                rs.getObject(6) == null ? null : rs.getLong(6)),
        messageId);
  }

  private static void save(Connection tx, String messageId, Contribution c) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO analytics_messages (message_id, account_id, phone_number_id, country,"
            + " product_type, sent_bucket, delivered_bucket) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (message_id) DO UPDATE SET account_id = excluded.account_id,"
            + " phone_number_id = excluded.phone_number_id, country = excluded.country,"
            + " product_type = excluded.product_type, sent_bucket = excluded.sent_bucket,"
            + " delivered_bucket = excluded.delivered_bucket",
        messageId,
        c.accountId(),
        c.phoneNumberId(),
        c.country(),
        c.productType(),
        c.sentBucket(),
        c.deliveredBucket());
  }

  /** Adds {@code sign} times {@code c}'s counts to the rollup. */
  private static void add(Connection tx, Contribution c, int sign) throws SQLException {
    bump(tx, c, c.sentBucket(), sign, 0);
    if (c.deliveredBucket() != null) {
      bump(tx, c, c.deliveredBucket(), 0, sign);
    }
  }

  private static void bump(Connection tx, Contribution c, long bucket, int sent, int delivered)
      throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO analytics_rollup (account_id, bucket, phone_number_id, country,"
            + " product_type, sent, delivered) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, bucket, phone_number_id, country, product_type)"
            + " DO UPDATE SET sent = analytics_rollup.sent + excluded.sent,"
            + " delivered = analytics_rollup.delivered + excluded.delivered",
        c.accountId(),
        bucket,
        c.phoneNumberId(),
        c.country(),
        c.productType(),
        sent,
        delivered);
  }
}
