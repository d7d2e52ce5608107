package io.clicktrail.message;

import java.util.Locale;
import java.util.Optional;

/**
 * A WhatsApp message status, in the order a message moves through them: {@code sent} < {@code
 * delivered} < {@code read} < {@code played} (voice messages). {@code failed} ranks above {@code
 * sent} only: a message that failed after being sent shows {@code failed}, but a later status that
 * proves delivery outranks it, and a stray {@code failed} never undoes a delivery.
 */
public enum DeliveryStatus {
  SENT(1),
  FAILED(2),
  DELIVERED(3),
  READ(4),
  PLAYED(5);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** Higher is further along; a message's current status is its highest-ranked status. */
  public int rank() {
    return rank;
  }

  /** The lowercase name Meta uses ({@code sent}, {@code delivered}, …). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status Meta names {@code wire} (any case), empty for statuses Clicktrail does not track.
   */
  public static Optional<DeliveryStatus> parse(String wire) {
    for (DeliveryStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
