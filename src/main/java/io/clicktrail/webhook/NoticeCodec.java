package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.clicktrail.track.Engagement;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Stores notices: encodes any {@link Notice} as one compact JSON object and decodes it back to an
 * equal notice. The object carries {@code "v":1} (the encoding's version) and {@code "type"}, the
 * event type's wire name ({@code link_clicked}, {@code opened}, {@code status}, {@code inbound}),
 * which names the notice kind; the other keys are the notice's components in snake_case, absent
 * values as JSON null. A relay's {@code value} is stored as the JSON it is.
 *
 * <p>The encoding is pure ASCII (every other character is a {@code \\u} escape), so it survives any
 * column character set, and strings holding unpaired surrogates round-trip too. Decoding is strict
 * about types and required keys, rejects duplicate keys and trailing content, and ignores keys it
 * does not know. Stateless and thread-safe.
 */
public final class NoticeCodec {
  private static final int VERSION = 1;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private NoticeCodec() {}

  /** The stored form of {@code notice}. */
  public static String encode(Notice notice) {
    requireNonNull(notice, "notice");
    StringWriter text = new StringWriter(512);
    try (JsonGenerator json = MAPPER.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("v", VERSION);
      json.writeStringField("type", notice.type().wireName());
      json.writeStringField("account_id", notice.accountId());
      json.writeStringField("message_id", notice.messageId());
      json.writeNumberField("at", notice.at());
      switch (notice) {
        case ClickNotice click -> writeClick(json, click);
        case OpenNotice open -> writeOpen(json, open);
        case RelayNotice relay -> {
          json.writeFieldName("value");
          json.writeTree(relay.value());
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode notice of message " + notice.messageId(), e);
    }
    return text.toString();
  }

  /**
   * The notice {@code encoded} stores.
   *
   * @throws IllegalArgumentException naming the problem, if {@code encoded} is not JSON, not an
   *     object of a known version and type, or lacks a key or has one of the wrong type
   */
  public static Notice decode(String encoded) {
    requireNonNull(encoded, "encoded");
    Fields notice = new Fields(parse(encoded), "");
    long version = notice.longValue("v");
    if (version != VERSION) {
      throw new IllegalArgumentException("notice encoding version " + version + " is unknown");
    }
    String type = notice.text("type");
    EventType eventType =
        EventType.parse(type)
            .orElseThrow(
                () -> new IllegalArgumentException("notice type '" + clip(type) + "' is unknown"));
    return switch (eventType) {
      case LINK_CLICKED -> readClick(notice);
      case OPENED -> readOpen(notice);
      case STATUS, INBOUND ->
          new RelayNotice(
              notice.text("account_id"),
              eventType,
              notice.text("message_id"),
              notice.longValue("at"),
              notice.any("value"));
    };
  }

  private static JsonNode parse(String encoded) {
    try {
      JsonNode node = MAPPER.readTree(encoded);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("notice must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "notice is not valid JSON: " + clip(String.valueOf(e.getOriginalMessage())), e);
    }
  }

  private static void writeClick(JsonGenerator json, ClickNotice click) throws IOException {
    json.writeStringField("click_id", click.clickId());
    json.writeStringField("ip", click.ip());
    json.writeStringField("user_agent", click.userAgent());
    json.writeNumberField("link_index", click.linkIndex());
    json.writeStringField("component", click.component());
    json.writeStringField("url", click.url());
    json.writeStringField("tracking_token", click.trackingToken());
    json.writeStringField("classification", click.classification());
    json.writeStringField("reason", click.reason());
    json.writeNumberField("sequence", click.sequence());
    json.writeStringField("phone_number_id", click.phoneNumberId());
    json.writeStringField("display_phone_number", click.displayPhoneNumber());
    json.writeStringField("product_id", click.productId());
    json.writeStringField("grant_id", click.grantId());
    json.writeStringField("label", click.label());
    json.writeArrayFieldStart("link_data");
    for (Engagement.LinkCount link : click.linkData()) {
      json.writeStartObject();
      json.writeNumberField("count", link.count());
      json.writeStringField("url", link.url());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("recents");
    for (Engagement.Recent recent : click.recents()) {
      json.writeStartObject();
      json.writeNumberField("click_id", recent.clickId());
      json.writeStringField("ip", recent.ip());
      json.writeStringField("link_index", recent.linkIndex());
      json.writeNumberField("timestamp", recent.timestamp());
      json.writeStringField("user_agent", recent.userAgent());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeOpen(JsonGenerator json, OpenNotice open) throws IOException {
    json.writeStringField("open_id", open.openId());
    json.writeStringField("ip", open.ip());
    json.writeStringField("user_agent", open.userAgent());
    json.writeStringField("classification", open.classification());
    json.writeStringField("reason", open.reason());
    json.writeStringField("grant_id", open.grantId());
    json.writeStringField("label", open.label());
    json.writeArrayFieldStart("recents");
    for (Engagement.RecentOpen recent : open.recents()) {
      json.writeStartObject();
      json.writeNumberField("opened_id", recent.openedId());
      json.writeStringField("ip", recent.ip());
      json.writeNumberField("timestamp", recent.timestamp());
      json.writeStringField("user_agent", recent.userAgent());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static ClickNotice readClick(Fields f) {
    return new ClickNotice(
        f.text("account_id"),
        f.text("message_id"),
        f.text("click_id"),
        f.longValue("at"),
        f.nullableText("ip"),
        f.nullableText("user_agent"),
        f.intValue("link_index"),
        f.text("component"),
        f.text("url"),
        f.text("tracking_token"),
        f.text("classification"),
        f.text("reason"),
        f.longValue("sequence"),
        f.nullableText("phone_number_id"),
        f.nullableText("display_phone_number"),
        f.nullableText("product_id"),
        f.nullableText("grant_id"),
        f.nullableText("label"),
        f.objects("link_data").stream()
            .map(l -> new Engagement.LinkCount(l.intValue("count"), l.text("url")))
            .toList(),
        f.objects("recents").stream().map(NoticeCodec::readRecentClick).toList());
  }

  private static Engagement.Recent readRecentClick(Fields r) {
    return new Engagement.Recent(
        r.longValue("click_id"),
        r.nullableText("ip"),
        r.text("link_index"),
        r.longValue("timestamp"),
        r.nullableText("user_agent"));
  }

  private static OpenNotice readOpen(Fields f) {
    return new OpenNotice(
        f.text("account_id"),
        f.text("message_id"),
        f.text("open_id"),
        f.longValue("at"),
        f.nullableText("ip"),
        f.nullableText("user_agent"),
        f.text("classification"),
        f.text("reason"),
        f.nullableText("grant_id"),
        f.nullableText("label"),
        f.objects("recents").stream()
            .map(
                r ->
                    new Engagement.RecentOpen(
                        r.longValue("opened_id"),
                        r.nullableText("ip"),
                        r.longValue("timestamp"),
                        r.nullableText("user_agent")))
            .toList());
  }

  /** Keeps messages about hostile input short. */
  private static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  /** The keys of one JSON object of an encoded notice, read strictly; {@code path} locates it. */
  private record Fields(JsonNode node, String path) {
    JsonNode any(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw new IllegalArgumentException("notice key '" + path + name + "' is missing");
      }
      return value;
    }

    String text(String name) {
      JsonNode value = any(name);
      if (!value.isTextual()) {
        throw wrongType(name, "a string");
      }
      return value.textValue();
    }

    @Nullable String nullableText(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        throw wrongType(name, "a string or null");
      }
      return value.textValue();
    }

    long longValue(String name) {
      JsonNode value = any(name);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw wrongType(name, "a 64-bit integer");
      }
      return value.longValue();
    }

    int intValue(String name) {
      JsonNode value = any(name);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw wrongType(name, "a 32-bit integer");
      }
      return value.intValue();
    }

    List<Fields> objects(String name) {
      JsonNode value = any(name);
      if (!value.isArray()) {
        throw wrongType(name, "an array");
      }
      List<Fields> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        JsonNode element = value.get(i);
        String at = path + name + "[" + i + "]";
        if (!element.isObject()) {
          throw new IllegalArgumentException("notice key '" + at + "' must be an object");
        }
        out.add(new Fields(element, at + "."));
      }
      return out;
    }

    private IllegalArgumentException wrongType(String name, String expected) {
      return new IllegalArgumentException("notice key '" + path + name + "' must be " + expected);
    }
  }
}
