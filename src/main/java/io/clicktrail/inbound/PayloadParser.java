package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a WhatsApp webhook body: the envelope {@code {"object":"whatsapp_business_account",
 * "entry":[{"id","changes":[{"field","value"}]}]}} is walked as a token stream so that each {@code
 * value} is kept as the exact text received, and each {@code messages} value is bound to {@link
 * ChangeValue} and checked by {@link PayloadRules}. Unknown fields are ignored; duplicate keys,
 * trailing content and wrong types are not. Stateless and thread-safe.
 */
final class PayloadParser {
  static final String OBJECT = "whatsapp_business_account";

  /** Snake-case names, unknown fields ignored: Meta adds fields without notice. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private PayloadParser() {}

  /**
   * The changes of {@code body}, in payload order.
   *
   * @throws ApiException 400 code 100 naming what is malformed
   */
  static List<ParsedChange> parse(byte[] body) {
    List<ParsedChange> changes = new ArrayList<>();
    String object = null;
    try (JsonParser p = MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.invalid("request body must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "object" -> object = text(p, t, "object");
          case "entry" -> {
            expect(t == JsonToken.START_ARRAY, "field 'entry' must be an array");
            readEntries(p, body, changes);
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw ApiException.invalid("malformed JSON: content after the top-level object");
      }
    } catch (JsonParseException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ApiException.invalid("unreadable request body");
    }
    if (!OBJECT.equals(object)) {
      throw ApiException.invalid("field 'object' must be '" + OBJECT + "'");
    }
    return changes;
  }

  /** A change before its value is bound. */
  private record Raw(@Nullable String wabaId, String field, String raw, JsonNode tree, String at) {}

  private static void readEntries(JsonParser p, byte[] body, List<ParsedChange> out)
      throws IOException {
    int e = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String at = "entry[" + e + "]";
      expect(p.currentToken() == JsonToken.START_OBJECT, "field '" + at + "' must be an object");
      String id = null;
      List<Raw> raws = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "id" -> id = idText(p, t, at + ".id");
          case "changes" -> {
            expect(t == JsonToken.START_ARRAY, "field '" + at + ".changes' must be an array");
            readChanges(p, body, at, raws);
          }
          default -> p.skipChildren();
        }
      }
      for (Raw r : raws) {
        out.add(typed(new Raw(id, r.field(), r.raw(), r.tree(), r.at())));
      }
      e++;
    }
  }

  private static void readChanges(JsonParser p, byte[] body, String entryAt, List<Raw> out)
      throws IOException {
    int c = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String at = entryAt + ".changes[" + c + "]";
      expect(p.currentToken() == JsonToken.START_OBJECT, "field '" + at + "' must be an object");
      String field = null;
      String raw = null;
      JsonNode tree = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "field" -> field = text(p, t, at + ".field");
          case "value" -> {
            expect(t == JsonToken.START_OBJECT, "field '" + at + ".value' must be an object");
            long start = p.currentTokenLocation().getByteOffset();
            tree = p.readValueAsTree();
            // the value ends with the '}' the parser now stands on: one byte
            long end = p.currentTokenLocation().getByteOffset() + 1;
            // offsets are -1 when the parser detected a UTF-16 or UTF-32 body
            expect(start >= 0 && end <= body.length, "request body must be UTF-8 JSON");
            raw = new String(body, (int) start, (int) (end - start), UTF_8);
          }
          default -> p.skipChildren();
        }
      }
      if (field == null || field.isEmpty()) {
        throw ApiException.invalid("missing field '" + at + ".field'");
      }
      if (raw == null || tree == null) {
        throw ApiException.invalid("missing field '" + at + ".value'");
      }
      out.add(new Raw(null, field, raw, tree, at + ".value"));
      c++;
    }
  }

  private static ParsedChange typed(Raw r) {
    if (!r.field().equals("messages")) {
      return new ParsedChange(r.wabaId(), r.field(), r.raw(), null);
    }
    ChangeValue value;
    try {
      value = MAPPER.treeToValue(r.tree(), ChangeValue.class);
    } catch (JsonMappingException e) {
      throw ApiException.invalid("field '" + r.at() + path(e) + "' has the wrong type");
    } catch (IOException | IllegalArgumentException e) {
      throw ApiException.invalid("field '" + r.at() + "' is invalid");
    }
    PayloadRules.check(value, r.at());
    return new ParsedChange(r.wabaId(), r.field(), r.raw(), value);
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        b.append('.').append(ref.getFieldName());
      }
    }
    return b.toString();
  }

  private static String text(JsonParser p, JsonToken t, String at) throws IOException {
    expect(t == JsonToken.VALUE_STRING, "field '" + at + "' must be a string");
    return p.getText();
  }

  /** An id Meta may send as a string or a number. */
  private static String idText(JsonParser p, JsonToken t, String at) throws IOException {
    expect(
        t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT,
        "field '" + at + "' must be a string");
    String id = p.getText();
    expect(id.length() <= PayloadRules.MAX_ID, "field '" + at + "' is too long");
    return id;
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw ApiException.invalid(message);
    }
  }

  private static ApiException malformed(JsonParseException e) {
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Duplicate field")) {
      return ApiException.invalid(
          "malformed JSON: " + Params.clip(original.toLowerCase(Locale.ROOT)));
    }
    var where = e.getLocation();
    return ApiException.invalid(
        where == null
            ? "malformed JSON"
            : "malformed JSON at line " + where.getLineNr() + ", column " + where.getColumnNr());
  }
}
