package io.clicktrail.inbound;

import io.clicktrail.inbound.ChangeValue.MetaError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code statuses[]} item: a status of a message the business sent.
 *
 * @param status {@code sent}, {@code delivered}, {@code read}, {@code failed}, {@code played} (or a
 *     status Clicktrail does not track, which is ignored)
 * @param timestamp unix seconds, as a decimal string
 * @param errors why the message failed, with {@code failed}
 */
public record StatusUpdate(
    @Nullable String id,
    @Nullable String status,
    @Nullable String timestamp,
    @Nullable String recipientId,
    @Nullable String recipientType,
    @Nullable String bizOpaqueCallbackData,
    @Nullable Conversation conversation,
    @Nullable Pricing pricing,
    @Nullable List<MetaError> errors) {

  /**
   * The conversation the message opened or belongs to.
   *
   * @param expirationTimestamp unix seconds, as a decimal string (only on the status that opened
   *     it)
   */
  public record Conversation(
      @Nullable String id, @Nullable String expirationTimestamp, @Nullable Origin origin) {}

  /**
   * What opened a conversation.
   *
   * @param type {@code marketing}, {@code utility}, {@code authentication}, {@code service}, {@code
   *     referral_conversion}, …
   */
  public record Origin(@Nullable String type) {}

  /** The per-message pricing of a status. */
  public record Pricing(
      @Nullable Boolean billable,
      @Nullable String pricingModel,
      @Nullable String category,
      @Nullable String type) {}
}
