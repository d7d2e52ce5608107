package io.clicktrail.webhook;

import java.util.Map;

/**
 * One attempt's request body and headers, signed.
 *
 * @param headers header name to value, {@code Content-Type} included
 */
public record Payload(byte[] body, Map<String, String> headers) {
  public Payload {
    headers = Map.copyOf(headers);
  }
}
