package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.message.Delivery;
import io.clicktrail.message.DeliveryStatus;
import io.clicktrail.message.Message;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
public final class MessageRollup extends PerMessageRollup<MessageRollup.Contribution> {
  /** The durable consumer name. */
  public static final String CONSUMER = "analytics";

  /** Width of a rollup bucket, seconds. */
  public static final long HALF_HOUR = 1800;

  /** Width of a daily rollup row, seconds. */
  public static final long DAY = 86_400;

  private static final String HALF_HOURLY = upsert("analytics_rollup", "bucket");
  private static final String DAILY = upsert("analytics_daily", "day");

  private final Function<String, Optional<String>> countryOf;

  /**
   * @param countryOf the ISO country of a recipient's phone number, empty when unknown
   */
  public MessageRollup(Function<String, Optional<String>> countryOf) {
    this.countryOf = requireNonNull(countryOf, "countryOf");
  }

  /** What one message contributes to the rollup. */
  record Contribution(
      String accountId,
      String phoneNumberId,
      String country,
      int productType,
      long sentBucket,
      @Nullable Long deliveredBucket) {}

  @Override
  protected Optional<Contribution> contribution(Message m, Delivery delivery) {
    if (m.phoneNumberId() == null) {
      return Optional.empty(); // analytics cover WhatsApp messages only
    }
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

  @Override
  protected Map<String, Contribution> stored(Connection tx, List<String> messageIds)
      throws SQLException {
    return Sql.mapIn(
        tx,
        "SELECT message_id, account_id, phone_number_id, country, product_type, sent_bucket,"
            + " delivered_bucket FROM analytics_messages WHERE message_id IN ("
            + Sql.KEYS
            + ")",
        messageIds,
        rs ->
            new Contribution(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getObject(7) == null ? null : rs.getLong(7)));
  }

  @Override
  protected void save(Connection tx, String messageId, Contribution c) throws SQLException {
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
  @Override
  protected void forget(Connection tx, String messageId) throws SQLException {
    Sql.update(tx, "DELETE FROM analytics_messages WHERE message_id = ?", messageId);
  }

  @Override
  protected void add(RollupDeltas deltas, Contribution c, int sign) {
    bump(deltas, c, c.sentBucket(), sign, 0);
    if (c.deliveredBucket() != null) {
      bump(deltas, c, c.deliveredBucket(), 0, sign);
    }
  }

  private static void bump(
      RollupDeltas deltas, Contribution c, long bucket, int sent, int delivered) {
    deltas.add(HALF_HOURLY, row(c, bucket), sent, delivered);
    deltas.add(DAILY, row(c, Math.floorDiv(bucket, DAY) * DAY), sent, delivered);
  }

  private static List<@Nullable Object> row(Contribution c, long at) {
    return RollupDeltas.key(c.accountId(), at, c.phoneNumberId(), c.country(), c.productType());
  }

  private static String upsert(String table, String time) {
    return "INSERT INTO "
        + table
        + " (account_id, "
        + time
        + ", phone_number_id, country, product_type, sent, delivered)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, "
        + time
        + ", phone_number_id, country, product_type) DO UPDATE SET sent = "
        + table
        + ".sent + excluded.sent, delivered = "
        + table
        + ".delivered + excluded.delivered";
  }
}
