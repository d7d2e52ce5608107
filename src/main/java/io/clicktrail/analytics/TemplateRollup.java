package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.event.Event;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.message.Delivery;
import io.clicktrail.message.DeliveryStatus;
import io.clicktrail.message.Message;
import io.clicktrail.message.MessagePricing;
import io.clicktrail.message.Messages;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import io.clicktrail.track.Classification;
import io.clicktrail.track.Links;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the daily per-template rollups of {@code template_analytics} (§8.5) in step with template
 * messages, their status timelines and the clicks on their url buttons.
 *
 * <p>Messages: as {@link MessageRollup} does, for every message an event touches it recomputes what
 * the message contributes (its template, sent day from {@code sent_at}, delivered day from its
 * first delivered-or-read status, read day from its read status, and, when its pricing is billable
 * REGULAR, its country and pricing category on its delivered day) and moves the difference against
 * what it contributed before ({@code template_messages}); duplicated, shuffled and late statuses
 * therefore give exact counts. Clicks: a counted click (human, or any with {@code count-bots}) on a
 * cta link of a template message counts once per click id on its url button (the cta link's
 * position) and UTC day, and as a unique click when it is the first of its recipient on that button
 * that day.
 */
public final class TemplateRollup extends PerMessageRollup<TemplateRollup.Contribution> {
  /** The durable consumer name. */
  public static final String CONSUMER = "template_analytics";

  /** Length of a rollup day, seconds. */
  public static final long DAY = 86_400;

  private final Function<String, Optional<String>> countryOf;
  private final boolean countBots;

  /**
   * @param countryOf the ISO country of a recipient's phone number, empty when unknown
   * @param countBots whether clicks classified as bots or prefetches count too
   */
  public TemplateRollup(Function<String, Optional<String>> countryOf, boolean countBots) {
    this.countryOf = requireNonNull(countryOf, "countryOf");
    this.countBots = countBots;
  }

  /** What one template message contributes; {@code costCategory} null when not billed. */
  record Contribution(
      String accountId,
      String templateId,
      String country,
      long sentDay,
      @Nullable Long deliveredDay,
      @Nullable Long readDay,
      @Nullable String costCategory) {}

  @Override
  public boolean handles(Class<? extends Event> type) {
    return super.handles(type) || type == ClickRecorded.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    super.handle(tx, batch);
    for (LoggedEvent logged : batch) {
      if (logged.event() instanceof ClickRecorded click) {
        click(tx, click);
      }
    }
  }

  /**
   * Deletes the per-click ledger of days that ended before {@code cutoffEpochSecond} (the {@code
   * retention} horizon): their counts and unique counts stay in the rollups, and clicks that old
   * are not replayed. Returns how many rows went.
   */
  public static int purgeClickLedger(Store store, long cutoffEpochSecond) {
    return store.write(
        tx ->
            Sql.update(
                tx, "DELETE FROM template_clicks WHERE day < ?", dayOf(cutoffEpochSecond) - DAY));
  }

  /** The start of the UTC day holding {@code epochSecond}. */
  static long dayOf(long epochSecond) {
    return Math.floorDiv(epochSecond, DAY) * DAY;
  }

  @Override
  protected Optional<Contribution> contribution(Message m, Delivery delivery) {
    if (m.templateId() == null) {
      return Optional.empty();
    }
    Long delivered = delivery.at(DeliveryStatus.DELIVERED);
    Long read = delivery.at(DeliveryStatus.READ);
    String country = countryOf.apply(m.recipient()).orElse("");
    String costCategory = delivered == null ? null : billedCategory(delivery.pricing());
    return Optional.of(
        new Contribution(
            m.accountId(),
            requireNonNull(m.templateId()),
            country,
            dayOf(m.sentAt()),
            delivered == null ? null : dayOf(delivered),
            read == null ? null : dayOf(read),
            costCategory));
  }

  /**
   * The pricing category a message is billed in: billable and of type REGULAR (a missing type
   * counts as REGULAR when billable, as under the older per-conversation model), with a category
   * the rate card knows. Null otherwise.
   */
  private static @Nullable String billedCategory(@Nullable MessagePricing pricing) {
    if (pricing == null || !Boolean.TRUE.equals(pricing.billable()) || pricing.category() == null) {
      return null;
    }
    if (pricing.type() != null && !pricing.type().trim().equalsIgnoreCase("regular")) {
      return null;
    }
    return PricingCategory.fromMeta(pricing.category()).map(Enum::name).orElse(null);
  }

  @Override
  protected Map<String, Contribution> stored(Connection tx, List<String> messageIds)
      throws SQLException {
    return Sql.mapIn(
        tx,
        "SELECT message_id, account_id, template_id, country, sent_day, delivered_day,"
            + " read_day, cost_category FROM template_messages WHERE message_id IN ("
            + Sql.KEYS
            + ")",
        messageIds,
        rs ->
            new Contribution(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getObject(6) == null ? null : rs.getLong(6),
                rs.getObject(7) == null ? null : rs.getLong(7),
                rs.getString(8)));
  }

  @Override
  protected void save(Connection tx, String messageId, Contribution c) throws SQLException {
    Sql.update(
        tx,
        "INSERT INTO template_messages (message_id, account_id, template_id, country, sent_day,"
            + " delivered_day, read_day, cost_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (message_id) DO UPDATE SET account_id = excluded.account_id,"
            + " template_id = excluded.template_id, country = excluded.country,"
            + " sent_day = excluded.sent_day, delivered_day = excluded.delivered_day,"
            + " read_day = excluded.read_day, cost_category = excluded.cost_category",
        messageId,
        c.accountId(),
        c.templateId(),
        c.country(),
        c.sentDay(),
        c.deliveredDay(),
        c.readDay(),
        c.costCategory());
  }

  /** Adds {@code sign} times {@code c}'s counts to the rollups. */
  @Override
  protected void forget(Connection tx, String messageId) throws SQLException {
    Sql.update(tx, "DELETE FROM template_messages WHERE message_id = ?", messageId);
  }

  @Override
  protected void add(RollupDeltas deltas, Contribution c, int sign) {
    bump(deltas, c, c.sentDay(), sign, 0, 0);
    if (c.deliveredDay() != null) {
      bump(deltas, c, c.deliveredDay(), 0, sign, 0);
      if (c.costCategory() != null) {
        deltas.add(
            "INSERT INTO template_cost_rollup (account_id, template_id, day, country, category,"
                + " messages) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (account_id, template_id, day, country, category)"
                + " DO UPDATE SET messages = template_cost_rollup.messages + excluded.messages",
            RollupDeltas.key(
                c.accountId(), c.templateId(), c.deliveredDay(), c.country(), c.costCategory()),
            sign);
      }
    }
    if (c.readDay() != null) {
      bump(deltas, c, c.readDay(), 0, 0, sign);
    }
  }

  private static void bump(
      RollupDeltas deltas, Contribution c, long day, int sent, int delivered, int read) {
    deltas.add(
        "INSERT INTO template_rollup (account_id, template_id, day, sent, delivered, reads)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, template_id, day)"
            + " DO UPDATE SET sent = template_rollup.sent + excluded.sent,"
            + " delivered = template_rollup.delivered + excluded.delivered,"
            + " reads = template_rollup.reads + excluded.reads",
        RollupDeltas.key(c.accountId(), c.templateId(), day),
        sent,
        delivered,
        read);
  }

  private void click(Connection tx, ClickRecorded c) throws SQLException {
    if (!c.component().equals("cta") || !counted(c.classification())) {
      return;
    }
    Optional<Message> found = Messages.find(tx, c.messageId());
    if (found.isEmpty() || found.get().templateId() == null) {
      return;
    }
    Message m = found.get();
    OptionalInt button = Links.ctaPosition(tx, m.id(), c.linkIndex());
    if (button.isEmpty()) {
      return;
    }
    String templateId = requireNonNull(m.templateId());
    long day = dayOf(Math.floorDiv(c.at(), 1000L));
    boolean firstOfRecipient =
        Sql.one(
                tx,
                "SELECT 1 FROM template_clicks WHERE template_id = ? AND button_index = ?"
                    + " AND day = ? AND recipient = ? LIMIT 1",
                rs -> 1,
                templateId,
                button.getAsInt(),
                day,
                m.recipient())
            .isEmpty();
    int inserted =
        Sql.update(
            tx,
            "INSERT INTO template_clicks (click_id, account_id, template_id, button_index, day,"
                + " recipient) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (click_id) DO NOTHING",
            c.clickId(),
            m.accountId(),
            templateId,
            button.getAsInt(),
            day,
            m.recipient());
    if (inserted == 0) {
      return; // a replayed click
    }
    Sql.update(
        tx,
        "INSERT INTO template_button_rollup (account_id, template_id, button_index, day, clicks,"
            + " uniques) VALUES (?, ?, ?, ?, 1, ?)"
            + " ON CONFLICT (account_id, template_id, button_index, day) DO UPDATE SET"
            + " clicks = template_button_rollup.clicks + 1,"
            + " uniques = template_button_rollup.uniques + excluded.uniques",
        m.accountId(),
        templateId,
        button.getAsInt(),
        day,
        firstOfRecipient ? 1 : 0);
  }

  private boolean counted(String classification) {
    return countBots || classification.equals(Classification.Kind.HUMAN.wireName());
  }
}
