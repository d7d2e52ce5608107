package io.clicktrail.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signatures of the three wire formats, and the secrets subscriptions sign with. All are
 * HMAC-SHA256; they differ in key, signed content and encoding. Stateless and thread-safe.
 */
public final class Signatures {
  /** The prefix of a Standard Webhooks secret. */
  public static final String WHSEC_PREFIX = "whsec_";

  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final int SECRET_BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {}

  /**
   * Meta's {@code X-Hub-Signature-256} value: {@code sha256=} and the lowercase hex HMAC of the raw
   * body, keyed with the UTF-8 bytes of the account's app secret.
   */
  public static String hubSignature256(String appSecret, byte[] body) {
    requireNonNull(appSecret, "appSecret");
    requireNonNull(body, "body");
    return "sha256=" + HEX.formatHex(hmac(appSecret.getBytes(UTF_8), body));
  }

  /**
   * Nylas's {@code X-Nylas-Signature} value: the lowercase hex HMAC of the raw body, keyed with the
   * UTF-8 bytes of the subscription secret.
   */
  public static String nylasSignature(String secret, byte[] body) {
    requireNonNull(secret, "secret");
    requireNonNull(body, "body");
    return HEX.formatHex(hmac(secret.getBytes(UTF_8), body));
  }

  /**
   * A Standard Webhooks {@code webhook-signature} value: {@code v1,} and the base64 HMAC of {@code
   * {id}.{timestampSeconds}.{body}}, keyed with the base64-decoded part of the secret after {@code
   * whsec_}.
   *
   * @throws IllegalArgumentException if the secret lacks the {@code whsec_} prefix or its key is
   *     not base64
   */
  public static String standardWebhooks(
      String whsecSecret, String id, long timestampSeconds, byte[] body) {
    requireNonNull(whsecSecret, "whsecSecret");
    requireNonNull(id, "id");
    requireNonNull(body, "body");
    byte[] head = (id + "." + timestampSeconds + ".").getBytes(UTF_8);
    byte[] signed = new byte[head.length + body.length];
    System.arraycopy(head, 0, signed, 0, head.length);
    System.arraycopy(body, 0, signed, head.length, body.length);
    return "v1,"
        + Base64.getEncoder().encodeToString(hmac(standardWebhooksKey(whsecSecret), signed));
  }

  /**
   * A new subscription secret of 32 random bytes: for {@link Format#CLOUDEVENTS} {@code whsec_} and
   * their base64, for the other formats their 64 lowercase hex digits.
   */
  public static String newSubscriptionSecret(Format format, SecureRandom random) {
    requireNonNull(format, "format");
    requireNonNull(random, "random");
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return switch (format) {
      case CLOUDEVENTS -> WHSEC_PREFIX + Base64.getEncoder().encodeToString(bytes);
      case WHATSAPP, NYLAS -> HEX.formatHex(bytes);
    };
  }

  @SuppressWarnings("UnusedException") // the decoder's message quotes a character of the secret
  private static byte[] standardWebhooksKey(String whsecSecret) {
    if (!whsecSecret.startsWith(WHSEC_PREFIX)) {
      throw new IllegalArgumentException("standard webhooks secret must start with whsec_");
    }
    try {
      return Base64.getDecoder().decode(whsecSecret.substring(WHSEC_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("standard webhooks secret is not base64 after whsec_");
    }
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    if (key.length == 0) {
      throw new IllegalArgumentException("signing key must not be empty");
    }
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac.doFinal(content);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 refused a key", e);
    }
  }

  /** One Mac per thread: looking the algorithm up costs more than the MAC of a small body. */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(HMAC_SHA256);
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
          });
}
