package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The stored subscriptions: create, read, change, delete, and the signing secret of each.
 *
 * <p>The signing secret is kept in the clear because every attempt must sign with it (unlike access
 * tokens, which are only compared and so are stored hashed).
 */
public final class Subscriptions {
  private static final String COLUMNS =
      "id, account_id, url, format, events, description, status, created_at, failing_since";

  private final Store store;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  public Subscriptions(Store store, InstantSource clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** A subscription just created, with the secret shown this once. */
  public record Created(Subscription subscription, String secret) {}

  /** Stores a new, active subscription with a fresh secret. */
  public Created create(
      String accountId,
      String url,
      Format format,
      List<EventType> events,
      @Nullable String description) {
    String id = "sub_" + urlSafe(12);
    String secret = Signatures.newSubscriptionSecret(format, random);
    long now = clock.millis();
    store.write(
        tx ->
            Sql.update(
                tx,
                "INSERT INTO webhook_subscriptions (id, account_id, url, format, events,"
                    + " description, status, secret, failing_since, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                id,
                accountId,
                url,
                format.wireName(),
                eventsColumn(events),
                description,
                SubscriptionStatus.ACTIVE.wireName(),
                secret,
                now,
                now));
    return new Created(
        new Subscription(
            id,
            accountId,
            url,
            format,
            events,
            description,
            SubscriptionStatus.ACTIVE,
            now / 1000,
            null),
        secret);
  }

  /** The subscription {@code id}, of any account. */
  public Optional<Subscription> find(String id) {
    return store.read(c -> find(c, id));
  }

  static Optional<Subscription> find(Connection c, String id) throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = ?",
        Subscriptions::read,
        id);
  }

  /** One page of {@code accountId}'s subscriptions, oldest first (plus one to tell of more). */
  public List<Subscription> list(String accountId, Optional<String> afterId, int limit) {
    return store.read(
        c -> {
          List<Object> params = new ArrayList<>();
          params.add(accountId);
          String after = "";
          if (afterId.isPresent()) {
            after = " AND id > ?";
            params.add(afterId.get());
          }
          params.add(limit + 1);
          return Sql.list(
              c,
              "SELECT "
                  + COLUMNS
                  + " FROM webhook_subscriptions WHERE account_id = ?"
                  + after
                  + " ORDER BY id LIMIT ?",
              Subscriptions::read,
              params.toArray());
        });
  }

  /** The subscriptions of {@code accountId} that events are queued for (all but paused ones). */
  static List<Subscription> receiving(Connection c, String accountId) throws SQLException {
    return Sql.list(
        c,
        "SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE account_id = ? AND status <> ?",
        Subscriptions::read,
        accountId,
        SubscriptionStatus.PAUSED.wireName());
  }

  /** What a {@code PATCH} changes; null fields stay as they are. */
  public record Change(
      @Nullable String url,
      @Nullable List<EventType> events,
      @Nullable String description,
      @Nullable SubscriptionStatus status) {}

  /**
   * Applies {@code change}. Setting the status {@code active} clears the failure history, so a
   * {@code failed} subscription is attempted again.
   */
  public Subscription update(Subscription current, Change change) {
    long now = clock.millis();
    store.write(
        tx -> {
          if (change.url() != null) {
            Sql.update(
                tx,
                "UPDATE webhook_subscriptions SET url = ?, updated_at = ? WHERE id = ?",
                change.url(),
                now,
                current.id());
          }
          if (change.events() != null) {
            Sql.update(
                tx,
                "UPDATE webhook_subscriptions SET events = ?, updated_at = ? WHERE id = ?",
                eventsColumn(change.events()),
                now,
                current.id());
          }
          if (change.description() != null) {
            Sql.update(
                tx,
                "UPDATE webhook_subscriptions SET description = ?, updated_at = ? WHERE id = ?",
                change.description(),
                now,
                current.id());
          }
          if (change.status() != null) {
            Sql.update(
                tx,
                "UPDATE webhook_subscriptions SET status = ?, failing_since = NULL, updated_at = ?"
                    + " WHERE id = ?",
                change.status().wireName(),
                now,
                current.id());
          }
          return null;
        });
    return find(current.id()).orElseThrow();
  }

  /** Deletes the subscription with its queued deliveries and their attempt log. */
  public void delete(String id) {
    store.write(
        tx -> {
          Sql.update(
              tx,
              "DELETE FROM webhook_attempts WHERE delivery_id IN"
                  + " (SELECT id FROM webhook_deliveries WHERE subscription_id = ?)",
              id);
          Sql.update(tx, "DELETE FROM webhook_deliveries WHERE subscription_id = ?", id);
          Sql.update(tx, "DELETE FROM webhook_subscriptions WHERE id = ?", id);
          return null;
        });
  }

  private static Subscription read(ResultSet rs) throws SQLException {
    Object failingSince = rs.getObject(9);
    return new Subscription(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Format.parse(rs.getString(4)).orElseThrow(),
        parseEvents(rs.getString(5)),
        rs.getString(6),
        SubscriptionStatus.fromWire(rs.getString(7)),
        rs.getLong(8) / 1000,
        failingSince == null ? null : ((Number) failingSince).longValue());
  }

  private static String eventsColumn(List<EventType> events) {
    return events.stream().map(EventType::wireName).collect(Collectors.joining(","));
  }

  private static List<EventType> parseEvents(String column) {
    return Arrays.stream(column.split(",")).map(e -> EventType.parse(e).orElseThrow()).toList();
  }

  private String urlSafe(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
