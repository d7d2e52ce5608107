package io.clicktrail.attribution;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.util.List;
import java.util.OptionalLong;

/**
 * Last-touch attribution of WhatsApp conversations to Click-to-WhatsApp ads, computed at read time
 * from the stored facts (so late or reordered webhooks never leave it stale).
 *
 * <p>Each referral message of a user opens a span that lasts until that user's next referral (of
 * any ad). The user's other inbound messages in the span are replies to the ad; the business's
 * messages to that user ({@code recipient} = {@code wa_id}) sent in the span are messages sent
 * afterwards, and their counted clicks are the ad's clicks. A report covers the referrals made in
 * {@code [since, until)}; what followed them counts whenever it happened.
 */
public final class Attribution {
  private final Store store;

  public Attribution(Store store) {
    this.store = requireNonNull(store, "store");
  }

  private static final String SPANS =
      "WITH spans AS (SELECT message_id, wa_id, source_id, referred_at,"
          + " LEAD(referred_at) OVER (PARTITION BY wa_id ORDER BY referred_at, message_id)"
          + " AS next_at FROM ad_referrals WHERE account_id = ?),"
          + " chosen AS (SELECT * FROM spans WHERE referred_at >= ? AND referred_at < ?"
          + " AND source_id > ?)";

  private static final String REPORT =
      SPANS
          + " SELECT c.source_id, COUNT(*), COUNT(DISTINCT c.wa_id),"
          + " SUM((SELECT COUNT(*) FROM inbound_messages i WHERE i.account_id = ?"
          + " AND i.from_wa_id = c.wa_id AND i.sent_at >= c.referred_at"
          + " AND (c.next_at IS NULL OR i.sent_at < c.next_at) AND i.id <> c.message_id)),"
          + " SUM((SELECT COUNT(*) FROM messages m WHERE m.account_id = ?"
          + " AND m.recipient = c.wa_id AND m.sent_at >= c.referred_at"
          + " AND (c.next_at IS NULL OR m.sent_at < c.next_at))),"
          + " SUM((SELECT COALESCE(SUM(e.counted_clicks), 0) FROM messages m"
          + " JOIN message_engagement e ON e.message_id = m.id WHERE m.account_id = ?"
          + " AND m.recipient = c.wa_id AND m.sent_at >= c.referred_at"
          + " AND (c.next_at IS NULL OR m.sent_at < c.next_at))),"
          + " MAX(c.referred_at)"
          + " FROM chosen c GROUP BY c.source_id ORDER BY c.source_id LIMIT ?";

  private record Counts(
      String sourceId,
      long conversations,
      long users,
      long replies,
      long sent,
      long clicks,
      long latest) {}

  /**
   * The ads of {@code accountId} whose referrals fall in {@code [since, until)} (unix seconds; no
   * upper bound when {@code until} is empty), ordered by {@code source_id}, starting after {@code
   * afterSourceId}, at most {@code max}.
   */
  public List<AdPerformance> report(
      String accountId, long since, OptionalLong until, String afterSourceId, int max) {
    long upper = until.orElse(Long.MAX_VALUE);
    return store.read(
        c -> {
          List<Counts> counts =
              Sql.list(
                  c,
                  REPORT,
                  rs ->
                      new Counts(
                          rs.getString(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getLong(5),
                          rs.getLong(6),
                          rs.getLong(7)),
                  accountId,
                  since,
                  upper,
                  afterSourceId,
                  accountId,
                  accountId,
                  accountId,
                  max);
          List<AdPerformance> out = new java.util.ArrayList<>(counts.size());
          for (Counts n : counts) {
            out.add(
                Sql.one(
                        c,
                        "SELECT source_type, source_url, headline, body, media_type"
                            + " FROM ad_referrals WHERE account_id = ? AND source_id = ?"
                            + " AND referred_at = ? ORDER BY message_id DESC",
                        rs ->
                            new AdPerformance(
                                n.sourceId(),
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                n.conversations(),
                                n.users(),
                                n.replies(),
                                n.sent(),
                                n.clicks()),
                        accountId,
                        n.sourceId(),
                        n.latest())
                    .orElseThrow());
          }
          return out;
        });
  }
}
