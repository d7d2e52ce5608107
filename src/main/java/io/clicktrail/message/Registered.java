package io.clicktrail.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a registration: the message's links and its rewritten bodies.
 *
 * @param text the text with every URL replaced by its tracked URL; null when none was sent
 * @param html the html with every {@code <a href>} replaced (and the open pixel, if asked)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Registered(
    String messageId,
    List<LinkView> links,
    @Nullable String text,
    @Nullable String html,
    List<String> ctaUrls) {

  /**
   * One link.
   *
   * @param linkIndex the index as a string, as WhatsApp and Nylas payloads carry it
   * @param trackedUrl the URL to send; equal to {@code url} when the link is not tracked
   * @param token the last path segment of {@code trackedUrl}; null when not tracked
   */
  public record LinkView(
      String linkIndex, String component, String url, String trackedUrl, @Nullable String token) {}
}
