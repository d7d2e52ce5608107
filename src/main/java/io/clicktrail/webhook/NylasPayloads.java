package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.clicktrail.track.Engagement;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code nylas} wire format: Nylas {@code message.link_clicked} and {@code message.opened}
 * notifications, with the keys in the order of Nylas's examples, signed with {@code
 * X-Nylas-Signature} under the subscription secret. Status and inbound notices have no
 * representation.
 *
 * <p>Fields Nylas always sends are always written: when Clicktrail has no value for them ({@code
 * grant_id} and {@code label} of a message sent without them, {@code ip} or {@code user_agent} of a
 * click without them) they are written as JSON {@code null} rather than left out, so receivers that
 * bind Nylas's schema see every key. Stateless and thread-safe.
 */
public final class NylasPayloads {
  static final String SIGNATURE_HEADER = "X-Nylas-Signature";
  static final String SOURCE = "/clicktrail/tracking";

  private NylasPayloads() {}

  /**
   * One attempt's payload for a click or an open: {@code id} is the webhook id, {@code time} the
   * second it was queued and {@code webhook_delivery_attempt} the attempt's number.
   *
   * @throws IllegalArgumentException for a {@link RelayNotice}
   */
  public static Payload render(Notice notice, Outgoing out) {
    requireNonNull(notice, "notice");
    requireNonNull(out, "out");
    byte[] body =
        switch (notice) {
          case ClickNotice click ->
              envelope(
                  "message.link_clicked",
                  click.accountId(),
                  click.grantId(),
                  out,
                  j -> writeClick(j, click));
          case OpenNotice open ->
              envelope(
                  "message.opened", open.accountId(), open.grantId(), out, j -> writeOpen(j, open));
          case RelayNotice relay -> throw WireFormats.unsupported(Format.NYLAS, relay);
        };
    return new Payload(
        body,
        Map.of(
            "Content-Type",
            "application/json",
            SIGNATURE_HEADER,
            Signatures.nylasSignature(out.secret(), body)));
  }

  private static byte[] envelope(
      String type,
      String accountId,
      @Nullable String grantId,
      Outgoing out,
      WireFormats.Body object) {
    return WireFormats.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("specversion", "1.0");
          json.writeStringField("type", type);
          json.writeStringField("source", SOURCE);
          json.writeStringField("id", out.webhookId());
          json.writeNumberField("time", out.queuedAt().getEpochSecond());
          json.writeObjectFieldStart("data");
          json.writeStringField("application_id", accountId);
          WireFormats.stringOrNull(json, "grant_id", grantId);
          json.writeFieldName("object");
          object.writeTo(json);
          json.writeEndObject();
          json.writeNumberField("webhook_delivery_attempt", out.attempt());
          json.writeEndObject();
        });
  }

  private static void writeClick(JsonGenerator json, ClickNotice click) throws IOException {
    json.writeStartObject();
    json.writeStringField("object", "message");
    WireFormats.stringOrNull(json, "grant_id", click.grantId());
    json.writeArrayFieldStart("link_data");
    for (Engagement.LinkCount link : click.linkData()) {
      json.writeStartObject();
      json.writeNumberField("count", link.count());
      json.writeStringField("url", link.url());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeStringField("message_id", click.messageId());
    WireFormats.stringOrNull(json, "label", click.label());
    json.writeArrayFieldStart("recents");
    for (Engagement.Recent recent : click.recents()) {
      json.writeStartObject();
      json.writeNumberField("click_id", recent.clickId());
      WireFormats.stringOrNull(json, "ip", recent.ip());
      json.writeStringField("link_index", recent.linkIndex());
      json.writeNumberField("timestamp", recent.timestamp());
      WireFormats.stringOrNull(json, "user_agent", recent.userAgent());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeStringField("sender_app_id", click.accountId());
    json.writeNumberField("timestamp", WireFormats.epochSeconds(click.at()));
    json.writeEndObject();
  }

  private static void writeOpen(JsonGenerator json, OpenNotice open) throws IOException {
    json.writeStartObject();
    json.writeStringField("object", "message");
    WireFormats.stringOrNull(json, "grant_id", open.grantId());
    json.writeStringField("message_id", open.messageId());
    WireFormats.stringOrNull(json, "label", open.label());
    json.writeArrayFieldStart("recents");
    for (Engagement.RecentOpen recent : open.recents()) {
      json.writeStartObject();
      json.writeNumberField("opened_id", recent.openedId());
      WireFormats.stringOrNull(json, "ip", recent.ip());
      json.writeNumberField("timestamp", recent.timestamp());
      WireFormats.stringOrNull(json, "user_agent", recent.userAgent());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeStringField("sender_app_id", open.accountId());
    json.writeNumberField("timestamp", WireFormats.epochSeconds(open.at()));
    json.writeEndObject();
  }
}
