package io.clicktrail.message;

import io.clicktrail.event.EventLog;
import io.clicktrail.event.MessageSent;
import io.clicktrail.http.ApiException;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import io.clicktrail.track.Links;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Registration of outbound messages: each message, its links and its {@code MessageSent} event are
 * written in one store transaction, so a returned tracked link redirects at once and the event
 * exists exactly when the message does.
 */
public final class Messages {
  private final Store store;
  private final EventLog log;
  private final Links links;
  private final MessageValidation validation;
  private final LinkPlanner planner;
  private final InstantSource clock;

  public Messages(
      Store store,
      EventLog log,
      Links links,
      io.clicktrail.catalog.Catalog catalog,
      String publicUrl,
      InstantSource clock) {
    this.store = store;
    this.log = log;
    this.links = links;
    this.validation = new MessageValidation(catalog);
    this.planner = new LinkPlanner(publicUrl);
    this.clock = clock;
  }

  /**
   * Registers one message.
   *
   * @throws ApiException 400 for invalid input, 409 when the id exists
   */
  Registered register(String accountId, MessageRequest request) {
    Prepared p = prepare(accountId, request, clock.millis() / 1000);
    return store.write(
        tx -> {
          if (!claim(tx, accountId, p.draft().message().id())) {
            throw duplicate(p.draft().message().id());
          }
          return insert(tx, p);
        });
  }

  /**
   * Registers a batch in one transaction; each entry succeeds or fails alone. An entry is either a
   * {@link Registered} or an {@link ApiException}.
   */
  List<Object> registerBatch(String accountId, List<Object> requestsOrErrors) {
    long now = clock.millis() / 1000;
    List<Object> drafts = new ArrayList<>(requestsOrErrors.size());
    for (Object r : requestsOrErrors) {
      if (r instanceof MessageRequest request) {
        try {
          drafts.add(prepare(accountId, request, now));
        } catch (ApiException e) {
          drafts.add(e);
        }
      } else {
        drafts.add(r);
      }
    }
    return store.write(
        tx -> {
          Set<String> taken = new HashSet<>();
          List<Object> results = new ArrayList<>(drafts.size());
          for (Object d : drafts) {
            if (d instanceof Prepared p) {
              String id = p.draft().message().id();
              if (!taken.add(id) || !claim(tx, accountId, id)) {
                results.add(duplicate(id));
              } else {
                results.add(insert(tx, p));
              }
            } else {
              results.add(d);
            }
          }
          return results;
        });
  }

  /** A validated message with its links planned: everything decided before the transaction. */
  private record Prepared(MessageValidation.Draft draft, LinkPlanner.Plan plan) {}

  private Prepared prepare(String accountId, MessageRequest request, long nowSeconds) {
    MessageValidation.Draft draft = validation.validate(accountId, request, nowSeconds);
    return new Prepared(draft, planner.plan(draft));
  }

  private Registered insert(Connection tx, Prepared p) throws SQLException {
    MessageValidation.Draft draft = p.draft();
    LinkPlanner.Plan plan = p.plan();
    Message m = draft.message();
    insertMessage(tx, m);
    List<Links.Issued> issued = links.insert(tx, m.accountId(), m.id(), plan.links());
    String pixel = plan.wantsPixel() ? links.insertPixel(tx, m.accountId(), m.id()) : null;
    log.appendInTransaction(
        tx,
        new MessageSent(
            m.accountId(),
            m.id(),
            m.channel(),
            m.phoneNumberId(),
            m.recipient(),
            m.templateId(),
            m.sentAt()));
    return planner.rewrite(draft, plan, issued, pixel);
  }

  private void insertMessage(Connection tx, Message m) throws SQLException {
    try (PreparedStatement s =
        tx.prepareStatement(
            "INSERT INTO messages (id, account_id, channel, phone_number_id, grant_id, recipient,"
                + " template_id, label, product_id, sent_at, registered_at, track_links,"
                + " track_opens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, m.id());
      s.setString(2, m.accountId());
      s.setString(3, m.channel());
      s.setString(4, m.phoneNumberId());
      s.setString(5, m.grantId());
      s.setString(6, m.recipient());
      s.setString(7, m.templateId());
      s.setString(8, m.label());
      s.setString(9, m.productId());
      s.setLong(10, m.sentAt());
      s.setLong(11, clock.millis());
      s.setBoolean(12, m.trackLinks());
      s.setBoolean(13, m.trackOpens());
      s.executeUpdate();
    }
  }

  private static ApiException duplicate(String id) {
    return ApiException.conflict("message_id '" + id + "' already exists");
  }

  /**
   * Whether {@code id} is free for {@code accountId} to register. A message of the same account
   * that was only observed (created from a WhatsApp status before its registration) is deleted so
   * that the registration takes its place; its status timeline is keyed by id and stays.
   */
  private static boolean claim(Connection tx, String accountId, String id) throws SQLException {
    Optional<Boolean> observedHere =
        Sql.one(
            tx,
            "SELECT observed, account_id FROM messages WHERE id = ?",
            rs -> rs.getBoolean(1) && rs.getString(2).equals(accountId),
            id);
    if (observedHere.isEmpty()) {
      return true;
    }
    if (!observedHere.get()) {
      return false;
    }
    Sql.update(tx, "DELETE FROM messages WHERE id = ? AND observed", id);
    return true;
  }

  /**
   * Records WhatsApp messages learnt from statuses (sent without {@code POST /v1/messages}), inside
   * the caller's transaction. An unknown id with a known recipient becomes a new message of {@code
   * accountId}, sent at its earliest status; an observed message's sent time moves back when a
   * status is earlier; a registered message is left as it is. Observations of one id are merged.
   *
   * @param phoneNumberId the business number the statuses came from, null when unknown
   * @return the messages of {@code accountId} the observations name, as stored after this call, by
   *     id; another account's messages and unknown ids without a recipient are left out
   */
  public Map<String, Message> observe(
      Connection tx,
      String accountId,
      @Nullable String phoneNumberId,
      Collection<Observation> observations)
      throws SQLException {
    return ObservedMessages.observe(tx, clock.millis(), accountId, phoneNumberId, observations);
  }

  /** The status timeline and pricing of message {@code id} (any account; callers check). */
  public Delivery delivery(String id) {
    return store.read(c -> StatusTimelines.of(c, id));
  }

  /** Message {@code id} of any account (callers check ownership). */
  public Optional<Message> find(String id) {
    return store.read(c -> find(c, id));
  }

  /**
   * Message {@code id} of any account, read on {@code c} (so a transaction sees its own writes).
   */
  public static Optional<Message> find(Connection c, String id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM messages WHERE id = ?", Messages::row, id);
  }

  /** The messages among {@code ids} that exist, by id, read with a few statements for all. */
  public static Map<String, Message> findAll(Connection c, List<String> ids) throws SQLException {
    return Sql.mapIn(
        c,
        "SELECT " + COLUMNS + " FROM messages WHERE id IN (" + Sql.KEYS + ")",
        ids,
        Messages::row);
  }

  /** The columns {@link #row} reads, in its order. */
  static final String COLUMNS =
      "id, account_id, channel, phone_number_id, grant_id, recipient, template_id, label,"
          + " product_id, sent_at, track_links, track_opens";

  /** How many columns {@link #row} reads, from the first. */
  static final int COLUMN_COUNT = 12;

  /** The message of a row whose first columns are {@link #COLUMNS}. */
  static Message row(ResultSet rs) throws SQLException {
    return new Message(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getBoolean(11),
        rs.getBoolean(12));
  }
}
