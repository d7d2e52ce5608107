package io.clicktrail.inbound;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code value} of a WhatsApp webhook change on the {@code messages} field: who it concerns
 * ({@code metadata}, {@code contacts}) and what happened ({@code messages}, {@code statuses},
 * {@code user_actions}, {@code errors}). Fields Meta adds later are ignored; every part is
 * optional.
 */
public record ChangeValue(
    @Nullable String messagingProduct,
    @Nullable Metadata metadata,
    @Nullable List<Contact> contacts,
    @Nullable List<InboundMessage> messages,
    @Nullable List<StatusUpdate> statuses,
    @Nullable List<UserAction> userActions,
    @Nullable List<MetaError> errors) {

  /** The business phone number the change concerns. */
  public record Metadata(@Nullable String displayPhoneNumber, @Nullable String phoneNumberId) {}

  /** A WhatsApp user who sent one of the change's messages. */
  public record Contact(
      @Nullable Profile profile,
      @Nullable String waId,
      @Nullable String userId,
      @Nullable String identityKeyHash) {}

  /** A WhatsApp user's profile. */
  public record Profile(@Nullable String name) {}

  /** An error Meta reports (on a status, a message or the change). */
  public record MetaError(
      @Nullable Integer code,
      @Nullable String title,
      @Nullable String message,
      @Nullable ErrorData errorData,
      @Nullable String href) {}

  /** Details of a {@link MetaError}. */
  public record ErrorData(@Nullable String details) {}

  /** The list, or an empty one when it was absent. */
  static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
