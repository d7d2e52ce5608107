package io.clicktrail.track;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The links and open pixels of messages, and the tokens that name them.
 *
 * <p>Ids are random 63-bit numbers, so instances never coordinate to mint them. Lookups by id go
 * through an in-memory cache, so a hot link costs no store read on the redirect path; links never
 * change once written, so the cache needs no invalidation.
 */
public final class Links {
  private static final int CACHE_SIZE = 200_000;

  private final Store store;
  private final TrackingTokens tokens;
  private final SecureRandom random = new SecureRandom();
  private final Cache<Long, Link> linkCache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
  private final Cache<Long, Pixel> pixelCache =
      Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

  /** An email's open pixel. */
  public record Pixel(long id, String accountId, String messageId) {}

  /** A link to be stored: what registration knows before ids exist. */
  public record NewLink(int index, String component, String url, boolean tracked) {}

  /** A stored link with its token, null when the link is not tracked. */
  public record Issued(Link link, @org.jspecify.annotations.Nullable String token) {}

  public Links(Store store, TrackingTokens tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  /** Stores {@code links} of a message inside {@code tx} and returns them with their tokens. */
  public List<Issued> insert(Connection tx, String accountId, String messageId, List<NewLink> links)
      throws SQLException {
    List<Issued> out = new ArrayList<>(links.size());
    try (PreparedStatement s =
        tx.prepareStatement(
            "INSERT INTO links (id, account_id, message_id, link_index, component, url, tracked,"
                + " clicks) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
      for (NewLink n : links) {
        long id = newId();
        Link link =
            new Link(id, accountId, messageId, n.index(), n.component(), n.url(), n.tracked());
        s.setLong(1, id);
        s.setString(2, accountId);
        s.setString(3, messageId);
        s.setInt(4, n.index());
        s.setString(5, n.component());
        s.setString(6, n.url());
        s.setBoolean(7, n.tracked());
        s.addBatch();
        out.add(new Issued(link, n.tracked() ? tokens.mint(TrackingTokens.Kind.LINK, id) : null));
      }
      if (!links.isEmpty()) {
        s.executeBatch();
      }
    }
    return out;
  }

  /** Stores the open pixel of a message inside {@code tx}; returns its token. */
  public String insertPixel(Connection tx, String accountId, String messageId) throws SQLException {
    long id = newId();
    Sql.update(
        tx,
        "INSERT INTO open_pixels (id, account_id, message_id) VALUES (?, ?, ?)",
        id,
        accountId,
        messageId);
    return tokens.mint(TrackingTokens.Kind.OPEN, id);
  }

  /** The link a valid link token names. */
  public Optional<Link> byToken(String token) {
    return tokens.verify(TrackingTokens.Kind.LINK, token).flatMap(this::byId);
  }

  /** The pixel a valid open token names. */
  public Optional<Pixel> pixelByToken(String token) {
    return tokens.verify(TrackingTokens.Kind.OPEN, token).flatMap(this::pixelById);
  }

  /** The token of {@code link}, if it is tracked. */
  public Optional<String> tokenOf(Link link) {
    return link.tracked()
        ? Optional.of(tokens.mint(TrackingTokens.Kind.LINK, link.id()))
        : Optional.empty();
  }

  Optional<Link> byId(long id) {
    Link cached = linkCache.getIfPresent(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Link> loaded = store.read(c -> loadLink(c, id));
    loaded.ifPresent(l -> linkCache.put(id, l));
    return loaded;
  }

  private Optional<Pixel> pixelById(long id) {
    Pixel cached = pixelCache.getIfPresent(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Pixel> loaded =
        store.read(
            c ->
                Sql.one(
                    c,
                    "SELECT account_id, message_id FROM open_pixels WHERE id = ?",
                    rs -> new Pixel(id, rs.getString(1), rs.getString(2)),
                    id));
    loaded.ifPresent(p -> pixelCache.put(id, p));
    return loaded;
  }

  /** Links of {@code messageId} in link order. */
  public List<Link> ofMessage(String messageId) {
    return store.read(
        c ->
            Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM links WHERE message_id = ? ORDER BY link_index",
                Links::read,
                messageId));
  }

  /**
   * The position of link {@code linkIndex} among the {@code cta} links of {@code messageId} (from
   * 0, in link order: the template's url button it belongs to), read on {@code c}; empty when that
   * link is not a cta link of the message.
   */
  public static java.util.OptionalInt ctaPosition(Connection c, String messageId, int linkIndex)
      throws SQLException {
    List<Integer> ctas =
        Sql.list(
            c,
            "SELECT link_index FROM links WHERE message_id = ? AND component = 'cta'"
                + " ORDER BY link_index",
            rs -> rs.getInt(1),
            messageId);
    int position = ctas.indexOf(linkIndex);
    return position < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(position);
  }

  private static final String COLUMNS =
      "id, account_id, message_id, link_index, component, url, tracked";

  private static Optional<Link> loadLink(Connection c, long id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM links WHERE id = ?", Links::read, id);
  }

  private static Link read(ResultSet rs) throws SQLException {
    return new Link(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        rs.getString(5),
        rs.getString(6),
        rs.getBoolean(7));
  }

  private long newId() {
    long id;
    do {
      id = random.nextLong() & Long.MAX_VALUE;
    } while (id == 0);
    return id;
  }
}
