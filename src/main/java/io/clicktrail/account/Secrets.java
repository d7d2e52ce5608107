package io.clicktrail.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their hashes. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new access token: {@code ct_} and 43 URL-safe characters (256 random bits). */
  static String accessToken() {
    return "ct_" + urlSafe(32);
  }

  /** {@code bytes} random bytes, URL-safe base64 without padding. */
  static String urlSafe(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code bytes} random bytes as lowercase hex. */
  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A random decimal id of {@code digits} digits, not starting with 0. */
  static String digits(int digits) {
    StringBuilder s = new StringBuilder(digits);
    s.append((char) ('1' + RANDOM.nextInt(9)));
    for (int i = 1; i < digits; i++) {
      s.append((char) ('0' + RANDOM.nextInt(10)));
    }
    return s.toString();
  }

  /** SHA-256 of {@code token}, hex: what is stored instead of the token. */
  static String hash(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time comparison of two strings' UTF-8 bytes. */
  static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
