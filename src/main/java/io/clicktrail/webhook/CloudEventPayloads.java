package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.clicktrail.track.Engagement;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The {@code cloudevents} wire format: one structured-mode CloudEvents 1.0 JSON event per notice,
 * signed per Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code
 * webhook-signature}) under the subscription's {@code whsec_} secret. Carries every notice type.
 *
 * <p>The event's {@code data} is Clicktrail's own record, snake_case, with absent values left out:
 *
 * <ul>
 *   <li>click ({@code io.clicktrail.message.link_clicked}): {@code click_id}, {@code message_id},
 *       {@code account_id}, {@code link_index} (integer, from 0), {@code component}, {@code url},
 *       {@code tracking_token}, {@code timestamp} (epoch seconds), {@code timestamp_ms} (epoch
 *       milliseconds), {@code ip}, {@code user_agent}, {@code classification}, {@code reason},
 *       {@code sequence} (the click's number among the message's counted clicks, from 0), {@code
 *       phone_number_id}, {@code display_phone_number}, {@code product_id}, {@code grant_id},
 *       {@code label}, {@code link_data} (one {@code {count, url}} per tracked link in link order)
 *       and {@code recents} (the last counted clicks, oldest first, each {@code {sequence, ip,
 *       link_index (integer), timestamp, user_agent}});
 *   <li>open ({@code io.clicktrail.message.opened}): {@code open_id}, {@code message_id}, {@code
 *       account_id}, {@code timestamp}, {@code timestamp_ms}, {@code ip}, {@code user_agent},
 *       {@code classification}, {@code reason}, {@code grant_id}, {@code label} and {@code recents}
 *       (each {@code {open_id, ip, timestamp, user_agent}});
 *   <li>status and inbound ({@code io.clicktrail.message.status}, {@code .inbound}): the WhatsApp
 *       change's {@code value}, unchanged.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class CloudEventPayloads {
  static final String CONTENT_TYPE = "application/cloudevents+json";
  static final String TYPE_PREFIX = "io.clicktrail.message.";

  /** RFC 3339 in UTC with milliseconds, always three digits. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CloudEventPayloads() {}

  /**
   * One attempt's payload: the event is the same on every attempt; {@code webhook-timestamp} is
   * {@link Outgoing#now()} in epoch seconds, and the signature covers it.
   */
  public static Payload render(Notice notice, Outgoing out) {
    requireNonNull(notice, "notice");
    requireNonNull(out, "out");
    byte[] body = WireFormats.json(json -> writeEvent(json, notice, out));
    long timestamp = out.now().getEpochSecond();
    return new Payload(
        body,
        Map.of(
            "Content-Type",
            CONTENT_TYPE,
            "webhook-id",
            out.webhookId(),
            "webhook-timestamp",
            Long.toString(timestamp),
            "webhook-signature",
            Signatures.standardWebhooks(out.secret(), out.webhookId(), timestamp, body)));
  }

  /** The RFC 3339 UTC form of {@code epochMillis}, with milliseconds. */
  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  private static void writeEvent(JsonGenerator json, Notice notice, Outgoing out)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("specversion", "1.0");
    json.writeStringField("id", out.webhookId());
    json.writeStringField("source", "/clicktrail/accounts/" + notice.accountId());
    json.writeStringField("type", TYPE_PREFIX + notice.type().wireName());
    json.writeStringField("time", time(notice.at()));
    json.writeStringField("subject", notice.messageId());
    json.writeStringField("datacontenttype", "application/json");
    json.writeFieldName("data");
    switch (notice) {
      case ClickNotice click -> writeClick(json, click);
      case OpenNotice open -> writeOpen(json, open);
      case RelayNotice relay -> json.writeTree(relay.value());
    }
    json.writeEndObject();
  }

  private static void writeClick(JsonGenerator json, ClickNotice click) throws IOException {
    json.writeStartObject();
    json.writeStringField("click_id", click.clickId());
    json.writeStringField("message_id", click.messageId());
    json.writeStringField("account_id", click.accountId());
    json.writeNumberField("link_index", click.linkIndex());
    json.writeStringField("component", click.component());
    json.writeStringField("url", click.url());
    json.writeStringField("tracking_token", click.trackingToken());
    writeTime(json, click.at());
    WireFormats.stringIfPresent(json, "ip", click.ip());
    WireFormats.stringIfPresent(json, "user_agent", click.userAgent());
    json.writeStringField("classification", click.classification());
    json.writeStringField("reason", click.reason());
    json.writeNumberField("sequence", click.sequence());
    WireFormats.stringIfPresent(json, "phone_number_id", click.phoneNumberId());
    WireFormats.stringIfPresent(json, "display_phone_number", click.displayPhoneNumber());
    WireFormats.stringIfPresent(json, "product_id", click.productId());
    WireFormats.stringIfPresent(json, "grant_id", click.grantId());
    WireFormats.stringIfPresent(json, "label", click.label());
    json.writeArrayFieldStart("link_data");
    for (Engagement.LinkCount link : click.linkData()) {
      json.writeStartObject();
      json.writeNumberField("count", link.count());
      json.writeStringField("url", link.url());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("recents");
    for (Engagement.Recent recent : click.recents()) {
      writeRecentClick(json, recent);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeRecentClick(JsonGenerator json, Engagement.Recent recent)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("sequence", recent.clickId());
    WireFormats.stringIfPresent(json, "ip", recent.ip());
    writeLinkIndex(json, recent.linkIndex());
    json.writeNumberField("timestamp", recent.timestamp());
    WireFormats.stringIfPresent(json, "user_agent", recent.userAgent());
    json.writeEndObject();
  }

  /** Engagement keeps Nylas's string link index; this format's link indexes are integers. */
  private static void writeLinkIndex(JsonGenerator json, String linkIndex) throws IOException {
    json.writeFieldName("link_index");
    try {
      json.writeNumber(Integer.parseInt(linkIndex));
    } catch (NumberFormatException e) {
      // never produced by Engagement; kept visible rather than failing the delivery
      json.writeString(linkIndex);
    }
  }

  private static void writeOpen(JsonGenerator json, OpenNotice open) throws IOException {
    json.writeStartObject();
    json.writeStringField("open_id", open.openId());
    json.writeStringField("message_id", open.messageId());
    json.writeStringField("account_id", open.accountId());
    writeTime(json, open.at());
    WireFormats.stringIfPresent(json, "ip", open.ip());
    WireFormats.stringIfPresent(json, "user_agent", open.userAgent());
    json.writeStringField("classification", open.classification());
    json.writeStringField("reason", open.reason());
    WireFormats.stringIfPresent(json, "grant_id", open.grantId());
    WireFormats.stringIfPresent(json, "label", open.label());
    json.writeArrayFieldStart("recents");
    for (Engagement.RecentOpen recent : open.recents()) {
      json.writeStartObject();
      json.writeNumberField("sequence", recent.openedId());
      WireFormats.stringIfPresent(json, "ip", recent.ip());
      json.writeNumberField("timestamp", recent.timestamp());
      WireFormats.stringIfPresent(json, "user_agent", recent.userAgent());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeTime(JsonGenerator json, long epochMillis) throws IOException {
    json.writeNumberField("timestamp", WireFormats.epochSeconds(epochMillis));
    json.writeNumberField("timestamp_ms", epochMillis);
  }
}
