package io.clicktrail.message;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What WhatsApp status webhooks say about one message: its current status, the first time of each
 * status (received or implied), and its pricing.
 *
 * @param status the highest-ranked status received, null when none was
 * @param firsts the first time (unix seconds) of each status; a later step implies the earlier ones
 *     at its own time when they are missing or later ({@code played} ⇒ {@code read} ⇒ {@code
 *     delivered} ⇒ {@code sent}); {@code failed} implies nothing
 * @param errors the {@code errors} array of the first {@code failed} status, as JSON, or null
 * @param pricing the pricing of the highest-ranked status that carried one, or null
 */
public record Delivery(
    @Nullable DeliveryStatus status,
    Map<DeliveryStatus, Long> firsts,
    @Nullable String errors,
    @Nullable MessagePricing pricing) {

  /** A message no status was received for. */
  public static final Delivery NONE = new Delivery(null, Map.of(), null, null);

  public Delivery {
    Map<DeliveryStatus, Long> copy = new EnumMap<>(DeliveryStatus.class);
    copy.putAll(firsts);
    firsts = Collections.unmodifiableMap(copy);
  }

  /**
   * The timeline of the statuses {@code received} (status → its earliest timestamp): the current
   * status is the highest-ranked one, and each step's time is the earliest time of it or of any
   * later step. The result depends only on the set received, never on arrival order.
   */
  public static Delivery of(
      Map<DeliveryStatus, Long> received,
      @Nullable String errors,
      @Nullable MessagePricing pricing) {
    if (received.isEmpty()) {
      return new Delivery(null, Map.of(), errors, pricing);
    }
    DeliveryStatus current = null;
    for (DeliveryStatus s : received.keySet()) {
      if (current == null || s.rank() > current.rank()) {
        current = s;
      }
    }
    Map<DeliveryStatus, Long> firsts = new EnumMap<>(DeliveryStatus.class);
    Long earliest = null;
    // walk the chain from its end, carrying the earliest time seen so far backwards
    for (DeliveryStatus s :
        new DeliveryStatus[] {
          DeliveryStatus.PLAYED, DeliveryStatus.READ, DeliveryStatus.DELIVERED, DeliveryStatus.SENT
        }) {
      Long at = received.get(s);
      if (at != null && (earliest == null || at < earliest)) {
        earliest = at;
      }
      if (earliest != null) {
        firsts.put(s, earliest);
      }
    }
    Long failed = received.get(DeliveryStatus.FAILED);
    if (failed != null) {
      firsts.put(DeliveryStatus.FAILED, failed);
    }
    return new Delivery(current, firsts, errors, pricing);
  }

  /** The first time of {@code s}, null when unknown. */
  public @Nullable Long at(DeliveryStatus s) {
    return firsts.get(s);
  }
}
