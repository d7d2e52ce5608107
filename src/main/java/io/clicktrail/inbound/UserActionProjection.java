package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.event.EventLog;
import io.clicktrail.store.Sql;
import io.clicktrail.track.Link;
import io.clicktrail.track.Links;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Folds Meta's {@code user_actions[]} (its own click reports) into {@code meta_user_actions}, keyed
 * by (account, click_id). When an action's {@code tracking_token} is one of Clicktrail's tokens for
 * a tracked link of the same account, the click is also recorded as a {@link ClickRecorded} with
 * source {@code meta}, appended through the outbox in the projector's transaction, so it is stored,
 * counted and relayed like any click, exactly once.
 */
final class UserActionProjection {
  static final String SOURCE = "meta";
  static final String REASON = "meta:user_action";
  private static final Pattern CLICK_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final Links links;
  private final EventLog log;

  UserActionProjection(Links links, EventLog log) {
    this.links = links;
    this.log = log;
  }

  void apply(
      Connection tx,
      String accountId,
      @Nullable String phoneNumberId,
      List<UserAction> actions,
      long receivedAt)
      throws SQLException {
    for (UserAction a : actions) {
      long at = PayloadRules.seconds(a.timestamp());
      if (at < 0) {
        continue;
      }
      UserAction.LinkClickData d = a.marketingMessagesLinkClickData();
      String token = d == null ? null : d.trackingToken();
      String clickId = clickId(a, phoneNumberId);
      Optional<Link> link =
          token == null
              ? Optional.empty()
              : links.byToken(token).filter(l -> l.tracked() && l.accountId().equals(accountId));
      int inserted =
          Sql.update(
              tx,
              "INSERT INTO meta_user_actions (account_id, click_id, phone_number_id, action_type,"
                  + " click_component, product_id, tracking_token, clicked_at, message_id,"
                  + " link_index, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (account_id, click_id) DO NOTHING",
              accountId,
              clickId,
              phoneNumberId,
              a.actionType(),
              d == null ? null : d.clickComponent(),
              d == null ? null : d.productId(),
              token,
              at * 1000,
              link.map(Link::messageId).orElse(null),
              link.map(Link::index).orElse(null),
              receivedAt);
      if (inserted > 0 && link.isPresent()) {
        Link l = link.get();
        log.appendInTransaction(
            tx,
            new ClickRecorded(
                clickId,
                accountId,
                l.messageId(),
                l.id(),
                l.index(),
                l.component(),
                l.url(),
                at * 1000,
                null,
                null,
                "human",
                REASON,
                SOURCE));
      }
    }
  }

  /**
   * The action's {@code click_id} when it is a valid Clicktrail click id (URL-safe, at most 32
   * characters); otherwise, or when absent, a stable id derived from what the action says, so a
   * redelivery maps to the same id.
   */
  static String clickId(UserAction a, @Nullable String phoneNumberId) {
    UserAction.LinkClickData d = a.marketingMessagesLinkClickData();
    String given = d == null ? null : d.clickId();
    if (given != null && CLICK_ID.matcher(given).matches()) {
      return given;
    }
    String basis =
        given != null
            ? "click_id\n" + given
            : String.join(
                "\n",
                "action",
                String.valueOf(phoneNumberId),
                String.valueOf(a.actionType()),
                String.valueOf(a.timestamp()),
                d == null ? "" : String.valueOf(d.clickComponent()),
                d == null ? "" : String.valueOf(d.productId()),
                d == null ? "" : String.valueOf(d.trackingToken()));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(UTF_8));
      return "meta_"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
