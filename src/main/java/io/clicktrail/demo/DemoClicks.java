package io.clicktrail.demo;

import io.clicktrail.demo.DemoCampaign.Click;
import io.clicktrail.demo.DemoCampaign.Fate;
import io.clicktrail.demo.DemoCampaign.Via;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Who visits the links of one demo message, when, and how each visit reaches Clicktrail.
 *
 * <p>Machines fetch a quarter or so of all links on their own, when the message arrives (WhatsApp's
 * link preview, a crawler or mail scanner after a forward, a browser's prefetch); people click
 * links of messages they read, most within minutes of reading, some hours or a couple of days
 * later, never after {@code now}. The redirect can only stamp a click with the time it is followed,
 * so a past click can reach the server only as Meta's report of it: people's clicks on messages
 * sent more than {@link #REPORTED_AFTER} before {@code now} arrive as {@code user_actions}, stamped
 * with their own time, and every other visit (the newer messages' people, and every machine, which
 * Meta never reports) follows the tracked link while the demo seeds. Stateless.
 */
final class DemoClicks {
  /** How old a message must be for Meta to report its people's clicks, seconds. */
  static final long REPORTED_AFTER = DemoCampaign.DAY;

  /** The latest a reported click happens: Meta reports a click a little after it. */
  private static final long REPORT_LAG = 120;

  private DemoClicks() {}

  /**
   * The visits of a message with {@code links} links whose fate is {@code fate}; times are unix
   * seconds, {@code deliveredAt} and {@code readAt} meaningful as {@link DemoCampaign.Planned}
   * says. Draws from {@code random} only, so a seed gives the same visits at the same distance from
   * {@code now}.
   */
  static List<Click> draw(
      Random random, Fate fate, int links, long sentAt, long deliveredAt, long readAt, long now) {
    List<Click> clicks = new ArrayList<>();
    boolean delivered = fate == Fate.DELIVERED || fate == Fate.READ;
    if (delivered && random.nextInt(100) < 5) {
      clicks.add(machine(0, Visitor.WHATSAPP_PREVIEW, deliveredAt));
    }
    if (delivered && random.nextInt(100) < 2) {
      clicks.add(machine(0, Visitor.FACEBOOK_CRAWLER, deliveredAt));
    }
    if (delivered && random.nextInt(100) < 1) {
      clicks.add(machine(random.nextInt(links), Visitor.MAIL_SCANNER, deliveredAt));
    }
    if (fate == Fate.READ && random.nextInt(100) < 45) {
      Via via = now - sentAt > REPORTED_AFTER ? Via.META : Via.REDIRECT;
      Visitor person = Visitor.PEOPLE[random.nextInt(Visitor.PEOPLE.length)];
      int link = links > 1 && random.nextInt(100) < 70 ? 1 + random.nextInt(links - 1) : 0;
      long at = after(random, readAt, delayAfterReading(random), now);
      if (random.nextInt(100) < 6) {
        clicks.add(machine(link, Visitor.PREFETCH, at));
      }
      clicks.add(new Click(link, person, at, via));
      if (random.nextInt(100) < 15) {
        long again = after(random, at, 30 + random.nextInt(1_200), now);
        clicks.add(new Click(random.nextInt(links), person, again, via));
      }
    }
    return clicks;
  }

  private static Click machine(int link, Visitor visitor, long at) {
    return new Click(link, visitor, at, Via.REDIRECT);
  }

  /** How long after reading a person clicks: mostly at once, sometimes hours or days later. */
  private static long delayAfterReading(Random random) {
    int roll = random.nextInt(100);
    if (roll < 55) {
      return 20 + random.nextInt(900);
    }
    if (roll < 85) {
      return 900 + random.nextInt(6 * 3_600);
    }
    return 6 * 3_600 + random.nextInt(42 * 3_600);
  }

  /**
   * {@code from + delay}, or, when that is too late to have been reported by {@code now}, a time
   * drawn evenly between {@code from} and the latest reportable time; never before {@code from}.
   */
  private static long after(Random random, long from, long delay, long now) {
    long latest = now - REPORT_LAG;
    if (from + delay <= latest) {
      return from + delay;
    }
    return latest <= from ? from : from + random.nextInt((int) (latest - from));
  }
}
