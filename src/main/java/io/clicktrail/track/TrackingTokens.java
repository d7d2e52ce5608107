package io.clicktrail.track;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies the tokens of tracked links and open pixels.
 *
 * <p>A token is 34 URL-safe characters: base64url (no padding) of 25 bytes — a kind byte, the
 * 8-byte id of the link or pixel, and the first 16 bytes of HMAC-SHA256 over those 9 bytes under
 * the server's secret. Verification needs no I/O and compares MACs in constant time; a token that
 * does not verify names nothing.
 */
public final class TrackingTokens {
  /** Length of every token. */
  public static final int LENGTH = 34;

  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a token names. */
  public enum Kind {
    LINK(1),
    OPEN(2);

    private final byte tag;

    Kind(int tag) {
      this.tag = (byte) tag;
    }
  }

  private final ThreadLocal<Mac> macs;

  /**
   * @param secret at least 32 bytes of key material
   */
  public TrackingTokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("token secret must be at least 32 bytes");
    }
    SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
              } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
              }
            });
  }

  /** The token naming {@code id} of {@code kind}. */
  public String mint(Kind kind, long id) {
    ByteBuffer b = ByteBuffer.allocate(9 + MAC_BYTES);
    b.put(kind.tag).putLong(id);
    b.put(mac(b.array()), 0, MAC_BYTES);
    return ENCODER.encodeToString(b.array());
  }

  /** The id {@code token} names if it is a valid token of {@code kind}; never throws. */
  public Optional<Long> verify(Kind kind, String token) {
    if (token.length() != LENGTH) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length != 9 + MAC_BYTES || raw[0] != kind.tag) {
      return Optional.empty();
    }
    // The last character has 4 bits the decoder ignores: only the one canonical spelling verifies.
    if (!ENCODER.encodeToString(raw).equals(token)) {
      return Optional.empty();
    }
    byte[] expected = mac(raw);
    byte[] presented = new byte[MAC_BYTES];
    System.arraycopy(raw, 9, presented, 0, MAC_BYTES);
    byte[] truncated = new byte[MAC_BYTES];
    System.arraycopy(expected, 0, truncated, 0, MAC_BYTES);
    if (!MessageDigest.isEqual(truncated, presented)) {
      return Optional.empty();
    }
    return Optional.of(ByteBuffer.wrap(raw, 1, 8).getLong());
  }

  private byte[] mac(byte[] tokenBytes) {
    Mac mac = macs.get();
    mac.update(tokenBytes, 0, 9);
    return mac.doFinal();
  }
}
