package io.clicktrail.http;

import org.jspecify.annotations.Nullable;

/**
 * A failure answered in the Graph API error shape: {@code
 * {"error":{"message","type","code","fbtrace_id"}}}. Thrown by routes; mapped to a response in one
 * place ({@link Router}). Messages are lowercase and name the bad value.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int code;
  private final String type;
  private final @Nullable Integer subcode;

  public ApiException(
      int status, int code, String type, String message, @Nullable Integer subcode) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.type = type;
    this.subcode = subcode;
  }

  /** 400, code 100: an invalid or missing parameter; {@code message} names it. */
  public static ApiException invalid(String message) {
    return new ApiException(400, 100, "GraphMethodException", message, null);
  }

  /** 409, code 100: the object already exists. */
  public static ApiException conflict(String message) {
    return new ApiException(409, 100, "GraphMethodException", message, null);
  }

  /** 413, code 100: the request body is larger than the limit. */
  public static ApiException tooLarge(long limit) {
    return new ApiException(
        413, 100, "GraphMethodException", "request body exceeds " + limit + " bytes", null);
  }

  /** 404, code 803: unknown object or path. */
  public static ApiException notFound(String message) {
    return new ApiException(404, 803, "GraphMethodException", message, null);
  }

  /** 401, code 190: missing, unknown or revoked token. */
  public static ApiException unauthenticated(String message) {
    return new ApiException(401, 190, "OAuthException", message, null);
  }

  /** 403, code 200: the token is valid but not for this object, or the feature is not enabled. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, 200, "OAuthException", message, null);
  }

  /** 429, code 4: rate limited. */
  public static ApiException rateLimited(String message) {
    return new ApiException(429, 4, "OAuthException", message, null);
  }

  /** 503, code 2: temporarily unavailable; the request had no effect. */
  public static ApiException unavailable(String message) {
    return new ApiException(503, 2, "OAuthException", message, null);
  }

  public int status() {
    return status;
  }

  public int code() {
    return code;
  }

  public String type() {
    return type;
  }

  public @Nullable Integer subcode() {
    return subcode;
  }
}
