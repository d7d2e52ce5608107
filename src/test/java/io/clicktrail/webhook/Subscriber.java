package io.clicktrail.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import io.clicktrail.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a subscriber's own code does with a received webhook: parse it and check its signature,
 * written from the specification with {@code javax.crypto}, independently of {@link Signatures}.
 */
final class Subscriber {
  private Subscriber() {}

  /** The body of {@code post} as JSON. */
  static JsonNode json(WebhookReceiver.Received post) {
    try {
      return TestServer.JSON.readTree(post.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + post.text(), e);
    }
  }

  /** Asserts Meta's {@code X-Hub-Signature-256}: sha256= hex HMAC of the body under appSecret. */
  static void assertHubSignature(WebhookReceiver.Received post, String appSecret) {
    assertThat(post.header("X-Hub-Signature-256"))
        .as("X-Hub-Signature-256")
        .isEqualTo(
            "sha256=" + HexFormat.of().formatHex(hmac(appSecret.getBytes(UTF_8), post.body())));
  }

  /** Asserts {@code X-Nylas-Signature}: hex HMAC of the body under the subscription secret. */
  static void assertNylasSignature(WebhookReceiver.Received post, String secret) {
    assertThat(post.header("X-Nylas-Signature"))
        .as("X-Nylas-Signature")
        .isEqualTo(HexFormat.of().formatHex(hmac(secret.getBytes(UTF_8), post.body())));
  }

  /**
   * Asserts the Standard Webhooks signature: {@code webhook-signature} carries {@code v1,} and the
   * base64 HMAC of {@code id.timestamp.body}, keyed with the base64-decoded secret after {@code
   * whsec_}.
   */
  static void assertStandardWebhooksSignature(WebhookReceiver.Received post, String secret) {
    assertThat(secret).startsWith("whsec_");
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    String id = post.header("webhook-id");
    String timestamp = post.header("webhook-timestamp");
    assertThat(id).as("webhook-id").isNotBlank();
    assertThat(timestamp).as("webhook-timestamp").matches("[0-9]+");
    byte[] head = (id + "." + timestamp + ".").getBytes(UTF_8);
    byte[] signed = new byte[head.length + post.body().length];
    System.arraycopy(head, 0, signed, 0, head.length);
    System.arraycopy(post.body(), 0, signed, head.length, post.body().length);
    String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, signed));
    // the header is a space-separated list of signatures; one of them must match
    assertThat(post.header("webhook-signature").split(" "))
        .as("webhook-signature")
        .contains(expected);
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
