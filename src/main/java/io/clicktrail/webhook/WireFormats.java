package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Renders a notice in a subscription's wire format, signed for one attempt. Bodies are compact
 * UTF-8 JSON written field by field, so their key order is fixed; rendering the same notice with
 * the same {@link Outgoing} always gives the same bytes. Stateless and thread-safe.
 */
public final class WireFormats {
  // writeTree on a generator needs a codec, so generators come from a mapper, not a bare factory
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private WireFormats() {}

  /**
   * The body and headers of one attempt to deliver {@code notice} in {@code format}.
   *
   * @throws IllegalArgumentException if the format does not carry the notice's event type
   */
  public static Payload render(Format format, Notice notice, Outgoing out) {
    requireNonNull(format, "format");
    requireNonNull(notice, "notice");
    requireNonNull(out, "out");
    return switch (format) {
      case WHATSAPP -> WhatsAppPayloads.render(notice, out);
      case NYLAS -> NylasPayloads.render(notice, out);
      case CLOUDEVENTS -> CloudEventPayloads.render(notice, out);
    };
  }

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Body {
    void writeTo(JsonGenerator json) throws IOException;
  }

  /** The compact UTF-8 bytes of what {@code body} writes. */
  static byte[] json(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
      body.writeTo(json);
    } catch (IOException e) {
      // nothing here does I/O: this is a bug in a writer, not a runtime condition
      throw new UncheckedIOException("cannot write payload", e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code name} with {@code value}, or with JSON null when there is none. */
  static void stringOrNull(JsonGenerator json, String name, @Nullable String value)
      throws IOException {
    json.writeFieldName(name);
    if (value == null) {
      json.writeNull();
    } else {
      json.writeString(value);
    }
  }

  /** Writes {@code name} with {@code value}, or nothing when there is none. */
  static void stringIfPresent(JsonGenerator json, String name, @Nullable String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  /** Whole seconds of {@code epochMillis}, rounded down. */
  static long epochSeconds(long epochMillis) {
    return Math.floorDiv(epochMillis, 1000L);
  }

  /** The failure for a notice that {@code format} has no representation of. */
  static IllegalArgumentException unsupported(Format format, Notice notice) {
    return new IllegalArgumentException(
        "format "
            + format.wireName()
            + " does not carry "
            + notice.type().wireName()
            + " events (notice of message "
            + notice.messageId()
            + ")");
  }
}
