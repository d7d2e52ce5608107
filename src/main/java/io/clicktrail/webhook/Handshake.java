package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The verification a receiver must pass before a subscription is created or moved to a new URL, in
 * the handshake its format defines: WhatsApp's {@code hub.challenge} with the account's verify
 * token, Nylas's {@code challenge}, and the CloudEvents webhook {@code OPTIONS} request with {@code
 * WebHook-Request-Origin}.
 */
public final class Handshake {
  /** How long a receiver has to answer the handshake. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern CLASS_NAME =
      Pattern.compile("^[A-Z][A-Za-z0-9]*(Exception|Error)(: |$)");

  private final WebhookClient client;
  private final String origin;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param origin the host of the public URL, sent as {@code WebHook-Request-Origin}
   */
  public Handshake(WebhookClient client, String origin) {
    this.client = requireNonNull(client, "client");
    this.origin = requireNonNull(origin, "origin");
  }

  /**
   * Runs the handshake of {@code format} against {@code url}, blocking for at most {@link
   * #TIMEOUT}. Empty when the receiver passed, else why it did not.
   *
   * @param verifyToken the account's verify token (used by the WhatsApp handshake)
   */
  public Optional<String> verify(Format format, URI url, String verifyToken) {
    return switch (format) {
      case WHATSAPP -> {
        String challenge =
            Long.toString(1_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
        yield challenge(
            withQuery(
                url,
                "hub.mode=subscribe&hub.challenge="
                    + challenge
                    + "&hub.verify_token="
                    + URLEncoder.encode(verifyToken, StandardCharsets.UTF_8)),
            challenge);
      }
      case NYLAS -> {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String challenge = HexFormat.of().formatHex(bytes);
        yield challenge(withQuery(url, "challenge=" + challenge), challenge);
      }
      case CLOUDEVENTS -> cloudEvents(url);
    };
  }

  private Optional<String> challenge(URI url, String challenge) {
    WebhookClient.Exchange answer = exchange("GET", url, Map.of());
    if (answer.error() != null) {
      return Optional.of(unanswered(answer.error()));
    }
    if (answer.status() != 200) {
      return Optional.of("receiver answered " + answer.status() + ", not 200");
    }
    if (!answer.body().equals(challenge)) {
      return Optional.of("receiver did not echo the challenge");
    }
    return Optional.empty();
  }

  private Optional<String> cloudEvents(URI url) {
    WebhookClient.Exchange answer =
        exchange("OPTIONS", url, Map.of("WebHook-Request-Origin", origin));
    if (answer.error() != null) {
      return Optional.of(unanswered(answer.error()));
    }
    if (answer.status() != 200) {
      return Optional.of("receiver answered " + answer.status() + ", not 200");
    }
    String allowed = answer.allowedOrigin();
    if (allowed == null
        || !(allowed.trim().equals("*") || allowed.trim().equalsIgnoreCase(origin))) {
      return Optional.of("receiver did not allow origin " + origin + " in WebHook-Allowed-Origin");
    }
    return Optional.empty();
  }

  private WebhookClient.Exchange exchange(String method, URI url, Map<String, String> headers) {
    try {
      return client.send(method, url, headers, null, TIMEOUT).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new WebhookClient.Exchange(0, null, null, "", "interrupted", 0);
    } catch (ExecutionException e) {
      return new WebhookClient.Exchange(0, null, null, "", String.valueOf(e.getCause()), 0);
    }
  }

  /**
   * Why the receiver did not answer, fit for the caller: the client names the exception class of a
   * failed connection ("ConnectException: Connection refused"), an internal the API does not show.
   */
  private static String unanswered(String error) {
    String reason = CLASS_NAME.matcher(error).replaceFirst("");
    return "receiver did not answer" + (reason.isBlank() ? "" : ": " + reason);
  }

  private static URI withQuery(URI url, String params) {
    String s = url.toString();
    int hash = s.indexOf('#');
    String base = hash < 0 ? s : s.substring(0, hash);
    String joined = base + (url.getRawQuery() == null ? "?" : "&") + params;
    return URI.create(joined);
  }
}
