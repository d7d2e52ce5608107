package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code whatsapp} wire format: Meta's {@code whatsapp_business_account} webhook envelope with
 * one change on the {@code messages} field. Clicks become {@code user_actions} of type {@code
 * marketing_messages_link_click}; status and inbound notices relay the {@code value} Meta sent,
 * unchanged. Signed with {@code X-Hub-Signature-256} under the account's app secret. Opens have no
 * representation. Stateless and thread-safe.
 */
public final class WhatsAppPayloads {
  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  private WhatsAppPayloads() {}

  /**
   * One attempt's payload for a click (one user action) or a relayed status or inbound change.
   *
   * @throws IllegalArgumentException for an {@link OpenNotice}
   */
  public static Payload render(Notice notice, Outgoing out) {
    requireNonNull(notice, "notice");
    requireNonNull(out, "out");
    return switch (notice) {
      case ClickNotice click -> renderBatch(List.of(click), out);
      case RelayNotice relay ->
          signed(envelope(relay.accountId(), j -> j.writeTree(relay.value())), out);
      case OpenNotice open -> throw WireFormats.unsupported(Format.WHATSAPP, open);
    };
  }

  /**
   * One attempt's payload carrying several clicks as {@code user_actions}, in list order, in one
   * change. The {@code metadata} is that of the first click.
   *
   * @throws IllegalArgumentException if the list is empty or the clicks do not all share the first
   *     click's account and phone number id
   */
  public static Payload renderBatch(List<ClickNotice> clicks, Outgoing out) {
    requireNonNull(clicks, "clicks");
    requireNonNull(out, "out");
    if (clicks.isEmpty()) {
      throw new IllegalArgumentException("a whatsapp batch needs at least one click");
    }
    ClickNotice first = requireNonNull(clicks.get(0), "clicks[0]");
    for (ClickNotice click : clicks) {
      requireSameSender(first, requireNonNull(click, "click"));
    }
    return signed(envelope(first.accountId(), j -> writeUserActions(j, first, clicks)), out);
  }

  private static void requireSameSender(ClickNotice first, ClickNotice click) {
    if (!click.accountId().equals(first.accountId())
        || !Objects.equals(click.phoneNumberId(), first.phoneNumberId())) {
      throw new IllegalArgumentException(
          "batched clicks must share account and phone number: click "
              + click.clickId()
              + " is of account "
              + click.accountId()
              + " and phone number "
              + click.phoneNumberId()
              + ", not "
              + first.accountId()
              + " and "
              + first.phoneNumberId());
    }
  }

  private static Payload signed(byte[] body, Outgoing out) {
    return new Payload(
        body,
        Map.of(
            "Content-Type",
            "application/json",
            SIGNATURE_HEADER,
            Signatures.hubSignature256(out.appSecret(), body)));
  }

  private static byte[] envelope(String accountId, WireFormats.Body value) {
    return WireFormats.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("object", "whatsapp_business_account");
          json.writeArrayFieldStart("entry");
          json.writeStartObject();
          json.writeStringField("id", accountId);
          json.writeArrayFieldStart("changes");
          json.writeStartObject();
          json.writeFieldName("value");
          value.writeTo(json);
          json.writeStringField("field", "messages");
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  private static void writeUserActions(
      JsonGenerator json, ClickNotice first, List<ClickNotice> clicks) throws IOException {
    json.writeStartObject();
    json.writeStringField("messaging_product", "whatsapp");
    if (first.phoneNumberId() != null) {
      json.writeObjectFieldStart("metadata");
      WireFormats.stringIfPresent(json, "display_phone_number", first.displayPhoneNumber());
      json.writeStringField("phone_number_id", first.phoneNumberId());
      json.writeEndObject();
    }
    json.writeArrayFieldStart("user_actions");
    for (ClickNotice click : clicks) {
      writeUserAction(json, click);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeUserAction(JsonGenerator json, ClickNotice click) throws IOException {
    json.writeStartObject();
    json.writeStringField("action_type", "marketing_messages_link_click");
    json.writeStringField("timestamp", Long.toString(WireFormats.epochSeconds(click.at())));
    json.writeObjectFieldStart("marketing_messages_link_click_data");
    json.writeStringField("click_component", click.component());
    WireFormats.stringIfPresent(json, "product_id", click.productId());
    json.writeStringField("click_id", click.clickId());
    json.writeStringField("tracking_token", click.trackingToken());
    json.writeEndObject();
    json.writeEndObject();
  }
}
