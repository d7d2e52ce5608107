package io.clicktrail.inbound;

import io.clicktrail.inbound.ChangeValue.MetaError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code messages[]} item: a message a WhatsApp user sent to the business. {@code type} names
 * the member that carries the content ({@code text}, {@code image}, …, {@code unsupported}).
 *
 * @param from the sender's WhatsApp user id
 * @param timestamp unix seconds, as a decimal string
 * @param context what the message replies to or was forwarded from
 * @param referral the Click-to-WhatsApp ad the user came from
 */
public record InboundMessage(
    @Nullable String from,
    @Nullable String id,
    @Nullable String timestamp,
    @Nullable String type,
    @Nullable Text text,
    @Nullable Media image,
    @Nullable Media audio,
    @Nullable Media video,
    @Nullable Media document,
    @Nullable Media sticker,
    @Nullable Location location,
    @Nullable List<SharedContact> contacts,
    @Nullable Interactive interactive,
    @Nullable Button button,
    @Nullable Reaction reaction,
    @Nullable Order order,
    @Nullable SystemChange system,
    @Nullable Unsupported unsupported,
    @Nullable Referral referral,
    @Nullable Context context,
    @Nullable List<MetaError> errors) {

  /** A text message. */
  public record Text(@Nullable String body) {}

  /** An image, audio, video, document or sticker. */
  public record Media(
      @Nullable String id,
      @Nullable String mimeType,
      @Nullable String sha256,
      @Nullable String caption,
      @Nullable String filename,
      @Nullable Boolean animated,
      @Nullable Boolean voice,
      @Nullable String url) {}

  /** A shared location. */
  public record Location(
      @Nullable Double latitude,
      @Nullable Double longitude,
      @Nullable String name,
      @Nullable String address,
      @Nullable String url) {}

  /** A shared contact card. */
  public record SharedContact(
      @Nullable ContactName name,
      @Nullable List<ContactPhone> phones,
      @Nullable List<ContactEmail> emails,
      @Nullable String birthday) {}

  /** The name of a shared contact. */
  public record ContactName(
      @Nullable String formattedName, @Nullable String firstName, @Nullable String lastName) {}

  /** A phone number of a shared contact. */
  public record ContactPhone(
      @Nullable String phone, @Nullable String waId, @Nullable String type) {}

  /** An email address of a shared contact. */
  public record ContactEmail(@Nullable String email, @Nullable String type) {}

  /**
   * A reply to an interactive message: {@code button_reply}, {@code list_reply} or a flow reply.
   */
  public record Interactive(
      @Nullable String type,
      @Nullable Reply buttonReply,
      @Nullable Reply listReply,
      @Nullable FlowReply nfmReply) {}

  /** The chosen reply button or list row. */
  public record Reply(@Nullable String id, @Nullable String title, @Nullable String description) {}

  /** A WhatsApp Flow's reply. */
  public record FlowReply(
      @Nullable String name, @Nullable String body, @Nullable String responseJson) {}

  /** A template's quick-reply button press. */
  public record Button(@Nullable String payload, @Nullable String text) {}

  /** A reaction to a message. */
  public record Reaction(@Nullable String messageId, @Nullable String emoji) {}

  /** A cart sent from a catalog. */
  public record Order(
      @Nullable String catalogId,
      @Nullable String text,
      @Nullable List<ProductItem> productItems) {}

  /** One product of an {@link Order}. */
  public record ProductItem(
      @Nullable String productRetailerId,
      @Nullable String quantity,
      @Nullable String itemPrice,
      @Nullable String currency) {}

  /** A system message (the user changed number, say). */
  public record SystemChange(
      @Nullable String body,
      @Nullable String identity,
      @Nullable String waId,
      @Nullable String newWaId,
      @Nullable String type,
      @Nullable String customer) {}

  /** What Meta says about a message type it does not support. */
  public record Unsupported(@Nullable String type) {}

  /**
   * A Click-to-WhatsApp ad.
   *
   * @param ctwaClid the ad click id (absent for WhatsApp Status ad placements)
   */
  public record Referral(
      @Nullable String sourceUrl,
      @Nullable String sourceId,
      @Nullable String sourceType,
      @Nullable String body,
      @Nullable String headline,
      @Nullable String mediaType,
      @Nullable String imageUrl,
      @Nullable String videoUrl,
      @Nullable String thumbnailUrl,
      @Nullable String ctwaClid,
      @Nullable WelcomeMessage welcomeMessage) {}

  /** The greeting of a Click-to-WhatsApp ad. */
  public record WelcomeMessage(@Nullable String text) {}

  /**
   * What a message replies to ({@code id}, {@code from}), the product it asks about, or that it was
   * forwarded.
   */
  public record Context(
      @Nullable String from,
      @Nullable String id,
      @Nullable ReferredProduct referredProduct,
      @Nullable Boolean forwarded,
      @Nullable Boolean frequentlyForwarded) {}

  /** The catalog product a "Message business" button referred to. */
  public record ReferredProduct(@Nullable String catalogId, @Nullable String productRetailerId) {}

  /** The text of the quick-reply button this message presses, if it presses one. */
  public @Nullable String pressedButtonText() {
    if (button != null && button.text() != null) {
      return button.text();
    }
    if (interactive != null
        && "button_reply".equals(interactive.type())
        && interactive.buttonReply() != null) {
      return interactive.buttonReply().title();
    }
    return null;
  }

  /** A short text of the message (body, caption, title or emoji), null when it has none. */
  public @Nullable String summary() {
    if (text != null) {
      return text.body();
    }
    String pressed = pressedButtonText();
    if (pressed != null) {
      return pressed;
    }
    if (interactive != null && interactive.listReply() != null) {
      return interactive.listReply().title();
    }
    for (Media m : new Media[] {image, video, document}) {
      if (m != null && m.caption() != null) {
        return m.caption();
      }
    }
    if (reaction != null) {
      return reaction.emoji();
    }
    if (order != null) {
      return order.text();
    }
    if (system != null) {
      return system.body();
    }
    return null;
  }
}
