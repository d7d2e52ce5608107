package io.clicktrail.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Serializes events for the log: a type name plus the record as JSON. */
public final class EventCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final Map<String, Class<? extends Event>> TYPES =
      Map.of(
          "click", ClickRecorded.class,
          "open", OpenRecorded.class,
          "message_sent", MessageSent.class,
          "whatsapp_change", WhatsAppChangeReceived.class);

  private EventCodec() {}

  /** The stable type name of {@code event}, as stored in the log. */
  public static String typeOf(Event event) {
    return switch (event) {
      case ClickRecorded c -> "click";
      case OpenRecorded o -> "open";
      case MessageSent m -> "message_sent";
      case WhatsAppChangeReceived w -> "whatsapp_change";
    };
  }

  /** The event class stored under {@code type}, or null for a type this version does not know. */
  public static @Nullable Class<? extends Event> classOf(String type) {
    return TYPES.get(type);
  }

  /** The JSON body of {@code event}. */
  public static String encode(Event event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event " + typeOf(event), e);
    }
  }

  /**
   * Decodes a stored event.
   *
   * @throws IllegalArgumentException for an unknown type or a body that does not decode
   */
  public static Event decode(String type, String body) {
    Class<? extends Event> cls = TYPES.get(type);
    if (cls == null) {
      throw new IllegalArgumentException("unknown event type '" + type + "'");
    }
    try {
      return MAPPER.readValue(body, cls);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot decode event of type " + type, e);
    }
  }
}
