package io.clicktrail.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response of a route.
 *
 * @param headers extra headers besides {@code Content-Type}
 */
public record ApiResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {
  private static final String JSON = "application/json; charset=utf-8";

  /** 200 with {@code value} as JSON. */
  public static ApiResponse ok(Object value) {
    return json(200, value);
  }

  /** {@code status} with {@code value} as JSON. */
  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, JSON, Json.write(value), Map.of());
  }

  /** {@code status} with a plain-text body. */
  public static ApiResponse text(int status, String body) {
    return new ApiResponse(
        status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** The same response with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, contentType, body, Map.copyOf(h));
  }
}
