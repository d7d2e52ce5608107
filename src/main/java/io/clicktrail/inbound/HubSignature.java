package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks Meta's {@code X-Hub-Signature-256} header: {@code sha256=} followed by the 64 hex digits
 * of the HMAC-SHA256 of the raw request body, keyed with the UTF-8 bytes of the account's app
 * secret.
 *
 * <p>The hex digits are decoded (either case: {@code A-F} and {@code a-f} spell the same bytes, so
 * accepting both admits no other MAC) and the bytes are compared in constant time. Any other prefix
 * ({@code sha1=}), length or character is refused. Stateless and thread-safe.
 */
final class HubSignature {
  static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";
  private static final int HEX_DIGITS = 64;

  private HubSignature() {}

  /** Whether {@code header} is the signature of {@code body} under {@code appSecret}. */
  static boolean verifies(@Nullable String header, String appSecret, byte[] body) {
    if (header == null
        || appSecret.isEmpty()
        || !header.startsWith(PREFIX)
        || header.length() != PREFIX.length() + HEX_DIGITS) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(appSecret, body), presented);
  }

  private static byte[] hmac(String appSecret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
