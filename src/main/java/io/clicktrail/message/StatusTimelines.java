package io.clicktrail.message;

import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The status timelines and per-message pricing of WhatsApp messages ({@code message_statuses},
 * {@code message_delivery}, {@code message_pricing}). Statuses are written by the inbound projector
 * inside its transaction, so they take effect exactly once with its log position; every write is
 * idempotent and independent of arrival order (first timestamps are minima, pricing follows the
 * highest-ranked status), so duplicates and reordering change nothing.
 */
public final class StatusTimelines {

  private StatusTimelines() {}

  /** A stored or incoming (message, status) row. */
  private record Row(long at, @Nullable String errors) {}

  private static final String UPSERT_STATUS =
      "INSERT INTO message_statuses (message_id, status, first_at, errors) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (message_id, status) DO UPDATE SET"
          + " errors = CASE WHEN excluded.first_at < message_statuses.first_at"
          + " THEN COALESCE(excluded.errors, message_statuses.errors)"
          + " ELSE COALESCE(message_statuses.errors, excluded.errors) END,"
          + " first_at = CASE WHEN excluded.first_at < message_statuses.first_at"
          + " THEN excluded.first_at ELSE message_statuses.first_at END";

  private static final String UPSERT_DELIVERY =
      "INSERT INTO message_delivery (message_id, status, sent_at, delivered_at, read_at,"
          + " played_at, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO"
          + " UPDATE SET status = excluded.status, sent_at = excluded.sent_at,"
          + " delivered_at = excluded.delivered_at, read_at = excluded.read_at,"
          + " played_at = excluded.played_at, failed_at = excluded.failed_at";

  private static final String UPSERT_PRICING =
      "INSERT INTO message_pricing (message_id, billable, pricing_model, category,"
          + " analytics_category, type, source_rank) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (message_id) DO UPDATE SET billable = excluded.billable,"
          + " pricing_model = excluded.pricing_model, category = excluded.category,"
          + " analytics_category = excluded.analytics_category, type = excluded.type,"
          + " source_rank = excluded.source_rank"
          + " WHERE excluded.source_rank > message_pricing.source_rank";

  /**
   * Records {@code reports} (any order, duplicates allowed): the earliest time per (message,
   * status) is kept, each touched message's timeline is refreshed, and a report's pricing replaces
   * the stored one only when its status ranks above the status the stored one came with. Reads what
   * is stored once, then writes only what changes, in batches.
   */
  public static void record(Connection tx, List<StatusReport> reports) throws SQLException {
    Map<String, Map<DeliveryStatus, Row>> incoming = new LinkedHashMap<>();
    Map<String, StatusReport> pricing = new LinkedHashMap<>();
    for (StatusReport r : reports) {
      incoming
          .computeIfAbsent(r.messageId(), k -> new EnumMap<>(DeliveryStatus.class))
          .merge(r.status(), new Row(r.at(), r.errors()), StatusTimelines::earlier);
      if (r.pricing() != null) {
        pricing.merge(r.messageId(), r, (a, b) -> b.status().rank() > a.status().rank() ? b : a);
      }
    }
    Map<String, Map<DeliveryStatus, Row>> stored = stored(tx, new ArrayList<>(incoming.keySet()));
    List<@Nullable Object[]> statusRows = new ArrayList<>();
    List<@Nullable Object[]> deliveryRows = new ArrayList<>();
    for (Map.Entry<String, Map<DeliveryStatus, Row>> message : incoming.entrySet()) {
      Map<DeliveryStatus, Row> known = stored.getOrDefault(message.getKey(), Map.of());
      Map<DeliveryStatus, Long> received = new EnumMap<>(DeliveryStatus.class);
      known.forEach((s, row) -> received.put(s, row.at()));
      boolean changed = false;
      for (Map.Entry<DeliveryStatus, Row> e : message.getValue().entrySet()) {
        Row old = known.get(e.getKey());
        Row row = e.getValue();
        if (old == null || row.at() < old.at() || (old.errors() == null && row.errors() != null)) {
          statusRows.add(
              new Object[] {message.getKey(), e.getKey().wireName(), row.at(), row.errors()});
          received.merge(e.getKey(), row.at(), Math::min);
          changed = true;
        }
      }
      if (changed) {
        deliveryRows.add(deliveryRow(message.getKey(), Delivery.of(received, null, null)));
      }
    }
    Sql.batch(tx, UPSERT_STATUS, statusRows);
    Sql.batch(tx, UPSERT_DELIVERY, deliveryRows);
    List<@Nullable Object[]> pricingRows = new ArrayList<>();
    for (StatusReport r : pricing.values()) {
      MessagePricing p = r.pricing();
      if (p != null) {
        pricingRows.add(
            new Object[] {
              r.messageId(),
              p.billable(),
              p.pricingModel(),
              p.category(),
              p.analyticsCategory(),
              p.type(),
              r.status().rank()
            });
      }
    }
    Sql.batch(tx, UPSERT_PRICING, pricingRows);
  }

  private static Row earlier(Row a, Row b) {
    Row first = b.at() < a.at() ? b : a;
    Row other = first == a ? b : a;
    return first.errors() != null ? first : new Row(first.at(), other.errors());
  }

  private static @Nullable Object[] deliveryRow(String messageId, Delivery d) {
    DeliveryStatus current = d.status();
    return new Object[] {
      messageId,
      current == null ? null : current.wireName(),
      d.at(DeliveryStatus.SENT),
      d.at(DeliveryStatus.DELIVERED),
      d.at(DeliveryStatus.READ),
      d.at(DeliveryStatus.PLAYED),
      d.at(DeliveryStatus.FAILED)
    };
  }

  /** A row of {@code message_statuses}. */
  private record StoredRow(String messageId, String status, long at, @Nullable String errors) {}

  private static final String STATUSES_OF =
      "SELECT message_id, status, first_at, errors FROM message_statuses WHERE message_id IN ("
          + Sql.KEYS
          + ")";

  private static StoredRow storedRow(java.sql.ResultSet rs) throws SQLException {
    return new StoredRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4));
  }

  private static Map<String, Map<DeliveryStatus, Row>> stored(Connection tx, List<String> ids)
      throws SQLException {
    Map<String, Map<DeliveryStatus, Row>> out = new HashMap<>();
    for (StoredRow row : Sql.listIn(tx, STATUSES_OF, ids, StatusTimelines::storedRow)) {
      Optional<DeliveryStatus> status = DeliveryStatus.parse(row.status());
      if (status.isPresent()) {
        out.computeIfAbsent(row.messageId(), k -> new EnumMap<>(DeliveryStatus.class))
            .put(status.get(), new Row(row.at(), row.errors()));
      }
    }
    return out;
  }

  /**
   * The timeline and pricing of {@code messageId} ({@link Delivery#NONE} when nothing is known).
   */
  public static Delivery of(Connection c, String messageId) throws SQLException {
    return ofAll(c, List.of(messageId)).get(messageId);
  }

  /**
   * The timeline and pricing of each of {@code messageIds}, read with a few statements for all of
   * them ({@link Delivery#NONE} for those nothing is known of). Every id is a key of the map.
   */
  public static Map<String, Delivery> ofAll(Connection c, List<String> messageIds)
      throws SQLException {
    Map<String, Map<DeliveryStatus, Long>> received = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (StoredRow row : Sql.listIn(c, STATUSES_OF, messageIds, StatusTimelines::storedRow)) {
      Optional<DeliveryStatus> status = DeliveryStatus.parse(row.status());
      if (status.isPresent()) {
        received
            .computeIfAbsent(row.messageId(), k -> new EnumMap<>(DeliveryStatus.class))
            .put(status.get(), row.at());
        if (status.get() == DeliveryStatus.FAILED && row.errors() != null) {
          errors.put(row.messageId(), row.errors());
        }
      }
    }
    Map<String, MessagePricing> pricing =
        Sql.mapIn(
            c,
            "SELECT message_id, billable, pricing_model, category, analytics_category, type"
                + " FROM message_pricing WHERE message_id IN ("
                + Sql.KEYS
                + ")",
            messageIds,
            rs -> {
              boolean billable = rs.getBoolean(2);
              Boolean known = rs.wasNull() ? null : billable;
              return new MessagePricing(
                  known, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
            });
    Map<String, Delivery> out = new HashMap<>();
    for (String id : messageIds) {
      Map<DeliveryStatus, Long> statuses = received.get(id);
      MessagePricing priced = pricing.get(id);
      out.put(
          id,
          statuses == null && priced == null
              ? Delivery.NONE
              : Delivery.of(
                  statuses == null ? new EnumMap<>(DeliveryStatus.class) : statuses,
                  errors.get(id),
                  priced));
    }
    return out;
  }
}
