package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphConversationQuery.Category;
import io.clicktrail.analytics.GraphConversationQuery.Direction;
import io.clicktrail.analytics.GraphConversationQuery.Type;
import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.WhatsAppChangeReceived;
import io.clicktrail.inbound.Conversation;
import io.clicktrail.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps the {@code conversation_rollup} (conversations per account, UTC half-hour, phone number,
 * country, category, type and direction; §8.3) in step with the conversations the inbound projector
 * stores.
 *
 * <p>It follows a consumer that itself follows the inbound projector. For every conversation a
 * change names it recomputes what that conversation contributes (one count in the half-hour of its
 * first status, under its dimensions) and moves the difference against what it contributed before
 * (kept in {@code analytics_conversations}). Being state-based, it is idempotent: replays and
 * duplicated or shuffled statuses change nothing, and a late earlier status moves the count to the
 * right half-hour.
 */
public final class ConversationRollup implements EventHandler {
  /** The durable consumer name. */
  public static final String CONSUMER = "conversation-analytics";

  private final Function<String, Optional<String>> countryOf;

  /**
   * @param countryOf the ISO country of a recipient's phone number, empty when unknown
   */
  public ConversationRollup(Function<String, Optional<String>> countryOf) {
    this.countryOf = requireNonNull(countryOf, "countryOf");
  }

  /** What one conversation contributes to the rollup. */
  private record Contribution(
      String phoneNumberId,
      String country,
      Category category,
      Type type,
      Direction direction,
      long bucket) {}

  /** A conversation of an account. */
  private record Key(String accountId, String id) {}

  @Override
  public boolean handles(Class<? extends Event> type) {
    return type == WhatsAppChangeReceived.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    Set<Key> touched = new LinkedHashSet<>();
    for (LoggedEvent logged : batch) {
      if (logged.event() instanceof WhatsAppChangeReceived change
          && change.field().equals("messages")) {
        for (String id : StatusIds.conversationsOf(change.value())) {
          touched.add(new Key(change.accountId(), id));
        }
      }
    }
    RollupDeltas deltas = new RollupDeltas();
    for (Key key : touched) {
      sync(tx, deltas, key);
    }
    deltas.flush(tx);
  }

  private void sync(Connection tx, RollupDeltas deltas, Key key) throws SQLException {
    Optional<Contribution> before = stored(tx, key);
    Optional<Contribution> now =
        Conversation.find(tx, key.accountId(), key.id()).flatMap(this::contribution);
    if (before.equals(now)) {
      return;
    }
    if (before.isPresent()) {
      bump(deltas, key.accountId(), before.get(), -1);
    }
    if (now.isPresent()) {
      bump(deltas, key.accountId(), now.get(), 1);
      save(tx, key, now.get());
    } else {
      Sql.update(
          tx,
          "DELETE FROM analytics_conversations WHERE account_id = ? AND conversation_id = ?",
          key.accountId(),
          key.id());
    }
  }

  /**
   * What {@code c} contributes: nothing while its phone number or origin is unknown, or when its
   * origin is one Clicktrail does not know.
   */
  private Optional<Contribution> contribution(Conversation c) {
    String phone = c.phoneNumberId();
    String origin = c.originType();
    if (phone == null || origin == null) {
      return Optional.empty();
    }
    Optional<Category> category = category(origin);
    if (category.isEmpty()) {
      return Optional.empty();
    }
    Type type =
        isReferral(origin)
            ? Type.FREE_ENTRY
            : Boolean.FALSE.equals(c.billable()) ? Type.FREE_TIER : Type.REGULAR;
    Direction direction =
        category.get() == Category.SERVICE
            ? Direction.USER_INITIATED
            : Direction.BUSINESS_INITIATED;
    String recipient = c.recipient();
    return Optional.of(
        new Contribution(
            phone,
            recipient == null ? "" : countryOf.apply(recipient).orElse(""),
            category.get(),
            type,
            direction,
            MessageRollup.bucketOf(c.firstStatusAt())));
  }

  /**
   * The category of an {@code origin.type}: upper-cased; {@code referral_conversion} (a
   * conversation a user opened from a free entry point) is {@link Category#SERVICE}, {@code
   * authentication_international} is {@link Category#AUTHENTICATION} and {@code marketing_lite}
   * {@link Category#MARKETING}. Empty for any other value.
   */
  static Optional<Category> category(String origin) {
    String upper = origin.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return switch (upper) {
      case "AUTHENTICATION", "AUTHENTICATION_INTERNATIONAL" -> Optional.of(Category.AUTHENTICATION);
      case "MARKETING", "MARKETING_LITE" -> Optional.of(Category.MARKETING);
      case "UTILITY" -> Optional.of(Category.UTILITY);
      case "SERVICE", "REFERRAL_CONVERSION" -> Optional.of(Category.SERVICE);
      default -> Optional.empty();
    };
  }

  private static boolean isReferral(String origin) {
    return origin.strip().equalsIgnoreCase("referral_conversion");
  }

  private static Optional<Contribution> stored(Connection tx, Key key) throws SQLException {
    return Sql.one(
        tx,
        "SELECT phone_number_id, country, category, type, direction, bucket"
            + " FROM analytics_conversations WHERE account_id = ? AND conversation_id = ?",
        rs ->
            new Contribution(
                rs.getString(1),
                rs.getString(2),
                Category.valueOf(rs.getString(3)),
                Type.valueOf(rs.getString(4)),
                Direction.valueOf(rs.getString(5)),
                rs.getLong(6)),
        key.accountId(),
        key.id());
  }

  private static void save(Connection tx, Key key, Contribution c) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO analytics_conversations (account_id, conversation_id, phone_number_id,"
            + " country, category, type, direction, bucket) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, conversation_id) DO UPDATE SET"
            + " phone_number_id = excluded.phone_number_id, country = excluded.country,"
            + " category = excluded.category, type = excluded.type,"
            + " direction = excluded.direction, bucket = excluded.bucket",
        key.accountId(),
        key.id(),
        c.phoneNumberId(),
        c.country(),
        c.category().name(),
        c.type().name(),
        c.direction().name(),
        c.bucket());
  }

  private static void bump(RollupDeltas deltas, String accountId, Contribution c, int sign) {
    deltas.add(
        "INSERT INTO conversation_rollup (account_id, bucket, phone_number_id, country, category,"
            + " type, direction, conversations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, bucket, phone_number_id, country, category, type,"
            + " direction) DO UPDATE SET"
            + " conversations = conversation_rollup.conversations + excluded.conversations",
        RollupDeltas.key(
            accountId,
            c.bucket(),
            c.phoneNumberId(),
            c.country(),
            c.category().name(),
            c.type().name(),
            c.direction().name()),
        sign);
  }
}
