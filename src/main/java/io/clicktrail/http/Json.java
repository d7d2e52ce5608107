package io.clicktrail.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;

/**
 * JSON for the HTTP APIs: snake_case names, and strict binding of request bodies. Unknown fields,
 * duplicate keys, trailing content, numbers where strings belong (and the reverse), fractions where
 * integers belong and nulls for primitives are all rejected with a 400 naming the field.
 */
public final class Json {
  private static final ObjectMapper STRICT = strictMapper();
  private static final ObjectMapper WRITER =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private Json() {}

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float)) {
      mapper
          .coercionConfigFor(number)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Binds a request body strictly.
   *
   * @throws ApiException 400 code 100 naming the offending field or the syntax problem
   */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiException.invalid("request body must be a JSON object");
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        throw ApiException.invalid("request body must be a JSON object");
      }
      return value;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Binds an already parsed JSON value strictly (one entry of a batch, say).
   *
   * @throws ApiException 400 code 100 naming the offending field
   */
  public static <T> T bind(JsonNode node, Class<T> type) {
    if (!node.isObject()) {
      throw ApiException.invalid("entry must be a JSON object");
    }
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      throw failure(e);
    }
  }

  private static ApiException failure(Exception failure) {
    return switch (failure) {
      case UnrecognizedPropertyException e ->
          ApiException.invalid("unknown field '" + path(e) + "'");
      case InvalidFormatException e ->
          ApiException.invalid("field '" + path(e) + "' has an invalid value");
      case MismatchedInputException e -> {
        String where = path(e);
        yield ApiException.invalid(
            where.isEmpty()
                ? "request body must be a JSON object"
                : "field '"
                    + where
                    + "' has the wrong type ("
                    + describe(e.getTargetType())
                    + " expected)");
      }
      case JsonMappingException e -> {
        String where = path(e);
        yield ApiException.invalid(
            where.isEmpty() ? "invalid request body" : "field '" + where + "' is invalid");
      }
      case JsonProcessingException e ->
          ApiException.invalid("malformed JSON: " + firstLine(e.getOriginalMessage()));
      default -> ApiException.invalid("unreadable request body");
    };
  }

  /** Parses any JSON value leniently (for payloads whose senders add fields). */
  public static JsonNode tree(byte[] body) {
    try {
      JsonNode node = WRITER.readTree(body);
      if (node == null) {
        throw ApiException.invalid("request body must be JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("malformed JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ApiException.invalid("unreadable request body");
    }
  }

  /** Serializes a response value with snake_case names. */
  public static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** The shared writer, for components that need a tree or a custom serialization. */
  public static ObjectMapper mapper() {
    return WRITER;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      }
    }
    if (e instanceof UnrecognizedPropertyException u && b.isEmpty()) {
      return u.getPropertyName();
    }
    return b.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class) {
      return "string";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "boolean";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "array";
    }
    if (type.isRecord() || type == JsonNode.class) {
      return "object";
    }
    return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // Jackson explains some failures by naming its own settings and source locations, which
    // tell a client nothing and show our internals
    int marker = line.indexOf(" (start marker at");
    if (marker >= 0) {
      line = line.substring(0, marker);
    }
    line =
        line.replaceAll(", from `[^`]*`", "").replaceAll(":? ?(enable )?`[^`]*`( to allow)?", "");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
