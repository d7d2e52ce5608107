package io.clicktrail.webhook;

import io.clicktrail.track.Engagement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A counted open of an email, with the message's recent opens as of that open.
 *
 * @param at time of the open, epoch milliseconds
 * @param recents the message's last counted opens, oldest first, ending with this one
 */
public record OpenNotice(
    String accountId,
    String messageId,
    String openId,
    long at,
    @Nullable String ip,
    @Nullable String userAgent,
    String classification,
    String reason,
    @Nullable String grantId,
    @Nullable String label,
    List<Engagement.RecentOpen> recents)
    implements Notice {
  public OpenNotice {
    recents = List.copyOf(recents);
  }

  @Override
  public EventType type() {
    return EventType.OPENED;
  }
}
