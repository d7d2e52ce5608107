package io.clicktrail.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Validation of common request values, failing with a 400 that names the field. */
public final class Params {
  private static final int MAX_URL = 2048;
  private static final long MAX_UNIX_SECONDS = 253_402_300_799L;

  private Params() {}

  /** {@code value}, or a 400 "missing field" when it is null or blank. */
  public static String require(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("missing field '" + field + "'");
    }
    return value;
  }

  /** {@code url} when it is an absolute http(s) URL with a host, of at most 2048 characters. */
  public static String httpUrl(@Nullable String url, String field) {
    if (url != null && url.length() <= MAX_URL) {
      try {
        URI u = new URI(url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
          return url;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
    }
    throw ApiException.invalid(
        field
            + " '"
            + clip(String.valueOf(url))
            + "' must be an absolute http or https URL of at most "
            + MAX_URL
            + " characters");
  }

  /** A query value as unix seconds (0 to year 9999). */
  public static long unixSeconds(String raw, String field) {
    try {
      long v = Long.parseLong(raw.trim());
      if (v >= 0 && v <= MAX_UNIX_SECONDS) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(field + " '" + clip(raw) + "' must be unix seconds");
  }

  /** Whether {@code seconds} is a plausible unix time (0 to year 9999). */
  public static boolean isUnixSeconds(long seconds) {
    return seconds >= 0 && seconds <= MAX_UNIX_SECONDS;
  }

  /** {@code s} cut to 64 characters, for echoing user input in error messages. */
  public static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
