package io.clicktrail.webhook;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The wire format of a subscription, and the event types each can carry. */
public enum Format {
  WHATSAPP(EnumSet.of(EventType.LINK_CLICKED, EventType.STATUS, EventType.INBOUND)),
  NYLAS(EnumSet.of(EventType.LINK_CLICKED, EventType.OPENED)),
  CLOUDEVENTS(EnumSet.allOf(EventType.class));

  private final Set<EventType> supported;

  Format(Set<EventType> supported) {
    this.supported = supported;
  }

  /** Whether this format can carry {@code type}. */
  public boolean supports(EventType type) {
    return supported.contains(type);
  }

  /** The name used in the API ({@code cloudevents}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code wireName}, if any. */
  public static Optional<Format> parse(String wireName) {
    return Arrays.stream(values()).filter(f -> f.wireName().equals(wireName)).findFirst();
  }
}
