package io.clicktrail.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of event a subscription can ask for. */
public enum EventType {
  LINK_CLICKED,
  OPENED,
  STATUS,
  INBOUND;

  /** The name used in the API ({@code link_clicked}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code wireName}, if any. */
  public static Optional<EventType> parse(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst();
  }
}
