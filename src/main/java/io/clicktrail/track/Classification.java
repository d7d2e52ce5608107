package io.clicktrail.track;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What fetched a tracked link or open pixel, and the rule that decided it.
 *
 * @param kind whether a person, an automated client, or a speculative browser fetch made the
 *     request
 * @param reason the rule that classified the request, such as {@code head-request}, {@code
 *     ua:whatsapp-preview} or {@code browser}; never blank
 */
public record Classification(Kind kind, String reason) {

  /** The three classes of request the spec distinguishes. */
  public enum Kind {
    /** A person following the link (or opening the mail) in a browser, app or mail client. */
    HUMAN,
    /** A crawler, link-preview fetcher, mail scanner or proxy, or a client with no user agent. */
    BOT,
    /** A speculative fetch made before, or instead of, a person's navigation. */
    PREFETCH;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** Returns the lower-case name stored with the click and sent on the wire, e.g. {@code bot}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * Creates a classification.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public Classification {
    requireNonNull(kind, "kind");
    requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
  }

  /**
   * Tells whether this request counts in analytics, link counters, unique counts and webhooks.
   * Human requests always count; bot and prefetch requests count only when {@code countBots} (the
   * {@code count-bots} setting) is on.
   */
  public boolean counted(boolean countBots) {
    return kind == Kind.HUMAN || countBots;
  }
}
