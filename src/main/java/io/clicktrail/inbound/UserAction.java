package io.clicktrail.inbound;

import org.jspecify.annotations.Nullable;

/**
 * One {@code user_actions[]} item: Meta's own report of a click on a marketing message.
 *
 * @param actionType e.g. {@code marketing_messages_link_click}
 * @param timestamp unix seconds, as a decimal string
 */
public record UserAction(
    @Nullable String actionType,
    @Nullable String timestamp,
    @Nullable LinkClickData marketingMessagesLinkClickData) {

  /**
   * What was clicked.
   *
   * @param clickComponent {@code cta} or {@code body}
   * @param trackingToken Meta's token for the link (one of Clicktrail's link tokens when the click
   *     was on a tracked link whose token the sender passed on)
   */
  public record LinkClickData(
      @Nullable String clickComponent,
      @Nullable String productId,
      @Nullable String clickId,
      @Nullable String trackingToken) {}
}
