package io.clicktrail.message;

import io.clicktrail.catalog.Catalog;
import io.clicktrail.catalog.Template;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Turns a {@link MessageRequest} into a {@link Draft}, or a 400 naming the first bad field. */
final class MessageValidation {
  private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:=+-]{1,128}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,253}");
  private static final int MAX_CTA_URLS = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Catalog catalog;

  MessageValidation(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A validated message, not yet stored. */
  record Draft(
      Message message,
      @Nullable String text,
      @Nullable String html,
      List<String> ctaUrls,
      Optional<Template> template) {}

  Draft validate(String accountId, MessageRequest r, long nowSeconds) {
    String id = r.messageId() == null ? newId() : r.messageId();
    if (!MESSAGE_ID.matcher(id).matches()) {
      throw ApiException.invalid(
          "message_id '" + Params.clip(id) + "' must be 1 to 128 of A-Z a-z 0-9 . _ : = + -");
    }
    String channel = r.channel() == null ? "whatsapp" : r.channel().toLowerCase(Locale.ROOT);
    if (!channel.equals("whatsapp") && !channel.equals("email")) {
      throw ApiException.invalid(
          "channel '" + Params.clip(channel) + "' must be whatsapp or email");
    }
    String recipient = Params.require(r.recipient(), "recipient").trim();
    if (channel.equals("whatsapp")) {
      String phoneId = Params.require(r.phoneNumberId(), "phone_number_id");
      if (catalog.phoneNumber(accountId, phoneId).isEmpty()) {
        throw ApiException.invalid(
            "phone_number_id '" + Params.clip(phoneId) + "' is not registered");
      }
      if (!PHONE.matcher(recipient).matches()) {
        throw ApiException.invalid(
            "recipient '" + Params.clip(recipient) + "' must be a phone number of 5 to 20 digits");
      }
      recipient = recipient.replace("+", "");
    } else if (!EMAIL.matcher(recipient).matches()) {
      throw ApiException.invalid(
          "recipient '" + Params.clip(recipient) + "' must be an email address");
    }
    Optional<Template> template = Optional.empty();
    if (r.templateId() != null) {
      template = catalog.template(accountId, r.templateId());
      if (template.isEmpty()) {
        throw ApiException.invalid(
            "template_id '" + Params.clip(r.templateId()) + "' is not registered");
      }
    }
    long sentAt = r.sentAt() == null ? nowSeconds : r.sentAt();
    if (!Params.isUnixSeconds(sentAt)) {
      throw ApiException.invalid("sent_at " + sentAt + " must be unix seconds from 0 to year 9999");
    }
    limit(r.label(), "label", 500);
    limit(r.productId(), "product_id", 200);
    limit(r.grantId(), "grant_id", 200);
    List<String> cta = r.ctaUrls() == null ? List.of() : r.ctaUrls();
    if (cta.size() > MAX_CTA_URLS) {
      throw ApiException.invalid("cta_urls: at most " + MAX_CTA_URLS + " are allowed");
    }
    if (template.isPresent() && cta.size() > template.get().urlButtons().size()) {
      throw ApiException.invalid(
          "cta_urls has "
              + cta.size()
              + " entries but template "
              + template.get().id()
              + " has "
              + template.get().urlButtons().size()
              + " url buttons");
    }
    for (int i = 0; i < cta.size(); i++) {
      Params.httpUrl(cta.get(i), "cta_urls[" + i + "]");
    }
    boolean links = r.tracking() == null || r.tracking().links() == null || r.tracking().links();
    boolean opens = r.tracking() != null && r.tracking().opens() != null && r.tracking().opens();
    Message m =
        new Message(
            id,
            accountId,
            channel,
            r.phoneNumberId(),
            r.grantId(),
            recipient,
            r.templateId(),
            r.label(),
            r.productId(),
            sentAt,
            links,
            opens);
    return new Draft(m, r.text(), r.html(), List.copyOf(cta), template);
  }

  private static void limit(@Nullable String value, String field, int max) {
    if (value != null && value.length() > max) {
      throw ApiException.invalid(field + " must be at most " + max + " characters");
    }
  }

  /** {@code msg_} and 26 URL-safe characters. */
  static String newId() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return "msg_"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(b)
            .substring(0, 26)
            .replace('-', 'A')
            .replace('_', 'B');
  }
}
