package io.clicktrail.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** The Graph API error body, and the fresh trace ids that tie a response to its log line. */
public final class GraphError {
  private static final SecureRandom RANDOM = new SecureRandom();

  private GraphError() {}

  /** The wire form: {@code {"error":{…}}}. */
  public record Body(Detail error) {}

  /** The inner object; {@code error_subcode} only when set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detail(
      String message, String type, int code, @Nullable Integer errorSubcode, String fbtraceId) {}

  /** A new random trace id: 23 URL-safe characters, as Graph's are. */
  public static String newTraceId() {
    byte[] bytes = new byte[17];
    RANDOM.nextBytes(bytes);
    return "A" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 22);
  }

  /** The body for {@code e} with trace id {@code traceId}. */
  public static Body of(ApiException e, String traceId) {
    return new Body(
        new Detail(
            e.getMessage() == null ? "" : e.getMessage(),
            e.type(),
            e.code(),
            e.subcode(),
            traceId));
  }

  /** The serialized body for {@code e}. */
  public static byte[] bytes(ApiException e, String traceId) {
    return Json.write(of(e, traceId));
  }
}
