package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clicktrail.catalog.Catalog;
import io.clicktrail.catalog.PhoneNumber;
import io.clicktrail.event.ClickRecorded;
import io.clicktrail.event.Event;
import io.clicktrail.event.EventHandler;
import io.clicktrail.event.LoggedEvent;
import io.clicktrail.event.MessageSent;
import io.clicktrail.event.OpenRecorded;
import io.clicktrail.event.WhatsAppChangeReceived;
import io.clicktrail.message.Message;
import io.clicktrail.message.Messages;
import io.clicktrail.store.Sql;
import io.clicktrail.track.Engagement;
import io.clicktrail.track.TrackingTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consumer of the event log that queues deliveries: for each click or open it finds the
 * account's subscriptions that want it, renders the facts as of that event into a stored notice,
 * and queues one delivery per subscription, in the transaction that commits its log position (so
 * each event is queued exactly once, crash or not).
 *
 * <p>WhatsApp changes ingested from Meta are relayed to {@code status} and {@code inbound}
 * subscribers with their {@code value} unchanged.
 *
 * <p>It follows the engagement projector ({@link io.clicktrail.event.EventLog#subscribeAfter}), so
 * a click's sequence number, link counts and recents are read as that projector left them. Clicks
 * produce events only when counted (human, or any with {@code count-bots}) and when the message was
 * sent within {@code event-window} of the click.
 */
public final class WebhookDispatcher implements EventHandler {
  /** The durable consumer name. */
  public static final String CONSUMER = "webhooks";

  private static final ObjectMapper RELAY_JSON = new ObjectMapper();

  private final Messages messages;
  private final Catalog catalog;
  private final TrackingTokens tokens;
  private final Duration eventWindow;
  private final InstantSource clock;
  private final Runnable queued;
  private final SecureRandom random = new SecureRandom();

  /** Whether a handled batch queued deliveries; only its commit makes them visible. */
  private boolean queuedSinceCommit;

  /**
   * @param queued called once a batch that queued deliveries has committed (wakes the sender)
   */
  public WebhookDispatcher(
      Messages messages,
      Catalog catalog,
      TrackingTokens tokens,
      Duration eventWindow,
      InstantSource clock,
      Runnable queued) {
    this.messages = requireNonNull(messages, "messages");
    this.catalog = requireNonNull(catalog, "catalog");
    this.tokens = requireNonNull(tokens, "tokens");
    this.eventWindow = requireNonNull(eventWindow, "eventWindow");
    this.clock = requireNonNull(clock, "clock");
    this.queued = requireNonNull(queued, "queued");
  }

  @Override
  public boolean handles(Class<? extends Event> type) {
    return type != MessageSent.class;
  }

  @Override
  public void handle(Connection tx, List<LoggedEvent> batch) throws SQLException {
    Map<String, List<Subscription>> receiving = new HashMap<>();
    boolean any = false;
    for (LoggedEvent logged : batch) {
      switch (logged.event()) {
        case ClickRecorded click -> {
          List<Subscription> subs =
              wanting(tx, receiving, click.accountId(), EventType.LINK_CLICKED);
          if (!subs.isEmpty()) {
            Optional<ClickNotice> notice = clickNotice(tx, click);
            if (notice.isPresent()) {
              any |= queue(tx, "click:" + click.clickId(), notice.get(), subs);
            }
          }
        }
        case OpenRecorded open -> {
          List<Subscription> subs = wanting(tx, receiving, open.accountId(), EventType.OPENED);
          if (!subs.isEmpty()) {
            Optional<OpenNotice> notice = openNotice(tx, open);
            if (notice.isPresent()) {
              any |= queue(tx, "open:" + open.openId(), notice.get(), subs);
            }
          }
        }
        case WhatsAppChangeReceived change -> any |= relay(tx, receiving, change);
        default -> {}
      }
    }
    if (any) {
      queuedSinceCommit = true;
    }
  }

  @Override
  public void committed() {
    if (queuedSinceCommit) {
      queuedSinceCommit = false;
      queued.run();
    }
  }

  private static List<Subscription> wanting(
      Connection tx, Map<String, List<Subscription>> cache, String accountId, EventType type)
      throws SQLException {
    List<Subscription> all = cache.get(accountId);
    if (all == null) {
      all = Subscriptions.receiving(tx, accountId);
      cache.put(accountId, all);
    }
    return all.stream().filter(s -> s.wants(type)).toList();
  }

  private Optional<ClickNotice> clickNotice(Connection tx, ClickRecorded click)
      throws SQLException {
    Optional<Engagement.ClickAsOf> asOf = Engagement.clickAsOf(tx, click.clickId());
    Optional<Message> message = messages.find(click.messageId());
    if (asOf.isEmpty() || message.isEmpty() || !withinWindow(message.get(), click.at())) {
      return Optional.empty();
    }
    Message m = message.get();
    String phoneId = m.phoneNumberId();
    String display =
        phoneId == null
            ? null
            : catalog
                .phoneNumber(m.accountId(), phoneId)
                .map(PhoneNumber::displayPhoneNumber)
                .orElse(null);
    return Optional.of(
        new ClickNotice(
            click.accountId(),
            click.messageId(),
            click.clickId(),
            click.at(),
            click.ip(),
            click.userAgent(),
            click.linkIndex(),
            click.component(),
            click.url(),
            tokens.mint(TrackingTokens.Kind.LINK, click.linkId()),
            click.classification(),
            click.reason(),
            asOf.get().sequence(),
            phoneId,
            display,
            m.productId(),
            m.grantId(),
            m.label(),
            asOf.get().linkData(),
            asOf.get().recents()));
  }

  private Optional<OpenNotice> openNotice(Connection tx, OpenRecorded open) throws SQLException {
    Optional<List<Engagement.RecentOpen>> recents = Engagement.openAsOf(tx, open.openId());
    Optional<Message> message = messages.find(open.messageId());
    if (recents.isEmpty() || message.isEmpty() || !withinWindow(message.get(), open.at())) {
      return Optional.empty();
    }
    return Optional.of(
        new OpenNotice(
            open.accountId(),
            open.messageId(),
            open.openId(),
            open.at(),
            open.ip(),
            open.userAgent(),
            open.classification(),
            open.reason(),
            message.get().grantId(),
            message.get().label(),
            recents.get()));
  }

  /**
   * Queues a WhatsApp change for {@code status} subscribers when it carries statuses and for {@code
   * inbound} subscribers when it carries messages, its {@code value} unchanged. A change Meta
   * delivers again with the same {@code value} is queued once.
   */
  private boolean relay(
      Connection tx, Map<String, List<Subscription>> receiving, WhatsAppChangeReceived change)
      throws SQLException {
    JsonNode value;
    try {
      value = RELAY_JSON.readTree(change.value());
    } catch (JsonProcessingException e) {
      return false; // the endpoint only appends parsed values; nothing to relay
    }
    if (value == null || !value.isObject()) {
      return false;
    }
    boolean any = false;
    String digest = sha256(change.value());
    long at = firstTimestamp(value).orElse(change.receivedAt());
    for (EventType type : List.of(EventType.STATUS, EventType.INBOUND)) {
      String items = type == EventType.STATUS ? "statuses" : "messages";
      if (!value.path(items).isArray() || value.path(items).isEmpty()) {
        continue;
      }
      List<Subscription> subs = wanting(tx, receiving, change.accountId(), type);
      if (!subs.isEmpty()) {
        RelayNotice notice =
            new RelayNotice(change.accountId(), type, change.messageId(), at, value);
        any |= queue(tx, type.wireName() + ":" + digest, notice, subs);
      }
    }
    return any;
  }

  /** The first status's or message's {@code timestamp} (unix seconds as a string), in millis. */
  private static Optional<Long> firstTimestamp(JsonNode value) {
    for (String items : List.of("statuses", "messages")) {
      String ts = value.path(items).path(0).path("timestamp").asText("");
      if (ts.matches("[0-9]{1,12}")) {
        return Optional.of(Long.parseLong(ts) * 1000);
      }
    }
    return Optional.empty();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private boolean withinWindow(Message message, long atMillis) {
    return atMillis - message.sentAt() * 1000 <= eventWindow.toMillis();
  }

  /** Stores {@code notice} once under {@code key} and queues it for each of {@code subs}. */
  private boolean queue(Connection tx, String key, Notice notice, List<Subscription> subs)
      throws SQLException {
    long now = clock.millis();
    Sql.update(
        tx,
        "INSERT INTO webhook_events (event_key, account_id, type, notice, created_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING",
        key,
        notice.accountId(),
        notice.type().wireName(),
        NoticeCodec.encode(notice),
        now);
    long eventId =
        Sql.one(tx, "SELECT id FROM webhook_events WHERE event_key = ?", rs -> rs.getLong(1), key)
            .orElseThrow();
    for (Subscription sub : subs) {
      Sql.update(
          tx,
          "INSERT INTO webhook_deliveries (webhook_id, subscription_id, event_id, status, attempts,"
              + " schedule_start, next_attempt_at, created_at, updated_at)"
              + " VALUES (?, ?, ?, 'pending', 0, 0, ?, ?, ?)"
              + " ON CONFLICT (subscription_id, event_id) DO NOTHING",
          webhookId(),
          sub.id(),
          eventId,
          now,
          now,
          now);
    }
    return true;
  }

  private String webhookId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return "wh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
