package io.clicktrail.webhook;

import io.clicktrail.track.Engagement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A counted click on a tracked link, with the message's engagement as of that click.
 *
 * @param at time of the click, epoch milliseconds
 * @param component {@code body} or {@code cta}
 * @param trackingToken the link's token ({@code GET /v1/tracking/{token}} resolves it)
 * @param sequence the click's number among the message's counted clicks, from 0 (Nylas {@code
 *     click_id})
 * @param phoneNumberId the sending WhatsApp phone number, null for email
 * @param displayPhoneNumber its display number, null when unknown
 * @param linkData counted clicks per tracked link, in link order, including this click
 * @param recents the message's last counted clicks, oldest first, ending with this one
 */
public record ClickNotice(
    String accountId,
    String messageId,
    String clickId,
    long at,
    @Nullable String ip,
    @Nullable String userAgent,
    int linkIndex,
    String component,
    String url,
    String trackingToken,
    String classification,
    String reason,
    long sequence,
    @Nullable String phoneNumberId,
    @Nullable String displayPhoneNumber,
    @Nullable String productId,
    @Nullable String grantId,
    @Nullable String label,
    List<Engagement.LinkCount> linkData,
    List<Engagement.Recent> recents)
    implements Notice {
  public ClickNotice {
    linkData = List.copyOf(linkData);
    recents = List.copyOf(recents);
  }

  @Override
  public EventType type() {
    return EventType.LINK_CLICKED;
  }
}
