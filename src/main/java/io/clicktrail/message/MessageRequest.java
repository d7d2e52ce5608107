package io.clicktrail.message;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/messages} (and each entry of a batch), as sent. */
record MessageRequest(
    @Nullable String messageId,
    @Nullable String channel,
    @Nullable String phoneNumberId,
    @Nullable String grantId,
    @Nullable String recipient,
    @Nullable String templateId,
    @Nullable String label,
    @Nullable String productId,
    @Nullable Long sentAt,
    @Nullable String text,
    @Nullable String html,
    @Nullable List<String> ctaUrls,
    @Nullable Tracking tracking) {

  /** What to track; links on and opens off unless said otherwise. */
  record Tracking(@Nullable Boolean links, @Nullable Boolean opens) {}
}
