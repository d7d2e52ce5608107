package io.clicktrail.account;

/**
 * An account.
 *
 * @param appSecret key of the {@code X-Hub-Signature-256} HMACs of WhatsApp webhooks
 * @param verifyToken what WhatsApp's subscription handshake must present
 */
public record Account(String id, String name, String appSecret, String verifyToken) {
  @Override
  public String toString() {
    return "Account[id=" + id + ", name=" + name + "]";
  }
}
