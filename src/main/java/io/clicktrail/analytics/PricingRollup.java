package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphPricingQuery.PricingType;
import io.clicktrail.message.Delivery;
import io.clicktrail.message.DeliveryStatus;
import io.clicktrail.message.Message;
import io.clicktrail.message.MessagePricing;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code pricing_rollup} (delivered messages with per-message pricing per account, UTC
 * half-hour, phone number, country, pricing category and pricing type; §8.4) in step with the
 * messages' status timelines and pricing.
 *
 * <p>It follows {@link MessageRollup}. For every message a change names it recomputes what that
 * message contributes (one count in the half-hour of its first delivered-or-read status, when a
 * status carried a {@code pricing} object) and moves the difference against what it contributed
 * before (kept in {@code analytics_pricing}). Being state-based, it is idempotent: replays and
 * duplicated or shuffled statuses change nothing, and a late earlier delivery moves the count to
 * the right half-hour.
 */
public final class PricingRollup extends PerMessageRollup<PricingRollup.Contribution> {
  /** The durable consumer name. */
  public static final String CONSUMER = "pricing-analytics";

  private final Function<String, Optional<String>> countryOf;

  /**
   * @param countryOf the ISO country of a recipient's phone number, empty when unknown
   */
  public PricingRollup(Function<String, Optional<String>> countryOf) {
    this.countryOf = requireNonNull(countryOf, "countryOf");
  }

  /** What one message contributes to the rollup. */
  record Contribution(
      String accountId,
      String phoneNumberId,
      String country,
      PricingCategory category,
      PricingType type,
      long bucket) {}

  @Override
  protected Optional<Contribution> contribution(Message m, Delivery delivery) {
    if (m.phoneNumberId() == null) {
      return Optional.empty();
    }
    Long delivered = delivery.at(DeliveryStatus.DELIVERED);
    MessagePricing pricing = delivery.pricing();
    if (delivered == null || pricing == null || pricing.category() == null) {
      return Optional.empty();
    }
    Optional<PricingCategory> category = PricingCategory.fromMeta(pricing.category());
    Optional<PricingType> type = type(pricing.type(), pricing.billable());
    if (category.isEmpty() || type.isEmpty()) {
      return Optional.empty(); // a category or type Meta may add later
    }
    return Optional.of(
        new Contribution(
            m.accountId(),
            requireNonNull(m.phoneNumberId()),
            countryOf.apply(m.recipient()).orElse(""),
            category.get(),
            type.get(),
            MessageRollup.bucketOf(delivered)));
  }

  /**
   * The pricing type of Meta's {@code pricing.type}: upper-cased when it names a {@link
   * PricingType}. Without a type (conversation-based pricing payloads carry none), {@link
   * PricingType#REGULAR} unless {@code billable} is false, then {@link
   * PricingType#FREE_CUSTOMER_SERVICE}. Empty for any other value.
   */
  static Optional<PricingType> type(@Nullable String type, @Nullable Boolean billable) {
    if (type == null || type.isBlank()) {
      return Optional.of(
          Boolean.FALSE.equals(billable) ? PricingType.FREE_CUSTOMER_SERVICE : PricingType.REGULAR);
    }
    String upper = type.strip().toUpperCase(Locale.ROOT);
    for (PricingType t : PricingType.values()) {
      if (t.name().equals(upper)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  protected Map<String, Contribution> stored(Connection tx, List<String> messageIds)
      throws SQLException {
    return Sql.mapIn(
        tx,
        "SELECT message_id, account_id, phone_number_id, country, pricing_category,"
            + " pricing_type, bucket FROM analytics_pricing WHERE message_id IN ("
            + Sql.KEYS
            + ")",
        messageIds,
        rs ->
            new Contribution(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                PricingCategory.valueOf(rs.getString(5)),
                PricingType.valueOf(rs.getString(6)),
                rs.getLong(7)));
  }

  @Override
  protected void save(Connection tx, String messageId, Contribution c) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO analytics_pricing (message_id, account_id, phone_number_id, country,"
            + " pricing_category, pricing_type, bucket) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (message_id) DO UPDATE SET account_id = excluded.account_id,"
            + " phone_number_id = excluded.phone_number_id, country = excluded.country,"
            + " pricing_category = excluded.pricing_category,"
            + " pricing_type = excluded.pricing_type, bucket = excluded.bucket",
        messageId,
        c.accountId(),
        c.phoneNumberId(),
        c.country(),
        c.category().name(),
        c.type().name(),
        c.bucket());
  }

  @Override
  protected void forget(Connection tx, String messageId) throws SQLException {
    Sql.update(tx, "DELETE FROM analytics_pricing WHERE message_id = ?", messageId);
  }

  @Override
  protected void add(RollupDeltas deltas, Contribution c, int sign) {
    deltas.add(
        "INSERT INTO pricing_rollup (account_id, bucket, phone_number_id, country,"
            + " pricing_category, pricing_type, volume) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, bucket, phone_number_id, country, pricing_category,"
            + " pricing_type) DO UPDATE SET volume = pricing_rollup.volume + excluded.volume",
        RollupDeltas.key(
            c.accountId(),
            c.bucket(),
            c.phoneNumberId(),
            c.country(),
            c.category().name(),
            c.type().name()),
        sign);
  }
}
