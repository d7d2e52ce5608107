package io.clicktrail.demo;

import io.clicktrail.demo.DemoCatalog.Ad;
import io.clicktrail.demo.DemoCatalog.Country;
import io.clicktrail.demo.DemoCatalog.Phone;
import io.clicktrail.demo.DemoCatalog.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The demo campaign as a plan, drawn before anything is sent: an audience in seven countries, the
 * Click-to-WhatsApp ad referrals that brought some of them, and every message with its fate
 * (delivered, read, failed), the user's reply or quick-reply button press, and who visits its
 * links, when, and whether the visit is made through the redirect or reported by Meta ({@link
 * DemoClicks}). Times are unix seconds in the 30 days before {@code now}; a user who came from an
 * ad gets messages only after the referral. The same seed, time and size always give the same plan,
 * and every count in it (how many clicks are reported by Meta included) is the same for any {@code
 * now}. Immutable.
 */
final class DemoCampaign {
  static final long DAY = 86_400;

  /** How far back the campaign goes. */
  static final int DAYS = 30;

  /** A WhatsApp user the business writes to; {@code n} numbers the audience from 0. */
  record Recipient(int n, String waId, String name) {}

  /**
   * A message a user sends to the business: a text, or a quick-reply button press.
   *
   * @param button the pressed button's text, null for a text message
   */
  record Reply(String id, long at, String text, @Nullable String button) {}

  /**
   * A user's first message, sent from a Click-to-WhatsApp ad.
   *
   * @param followUp the user's next message, before the business answers, or null
   */
  record Referral(
      String id, Recipient user, Ad ad, long at, String text, @Nullable Reply followUp) {}

  /** What became of a message. */
  enum Fate {
    SENT,
    DELIVERED,
    READ,
    FAILED
  }

  /** How a click reaches Clicktrail. */
  enum Via {
    /** The visitor follows the tracked link; the redirect stamps the click with its own time. */
    REDIRECT,
    /** Meta reports the click in a {@code user_actions} webhook, stamped with {@code at}. */
    META
  }

  /**
   * A visit of one link (numbered as the messages API numbers them) of a message.
   *
   * @param at unix seconds when it happens in the campaign's story; a {@link Via#REDIRECT} visit is
   *     made while seeding, so the server stamps it with that time instead
   */
  record Click(int link, Visitor visitor, long at, Via via) {}

  /**
   * One outbound message.
   *
   * @param n numbers the campaign's messages from 0
   * @param template null for a free-form service message
   * @param deliveredAt meaningful when {@code fate} is DELIVERED or READ
   * @param readAt meaningful when {@code fate} is READ
   * @param referral the ad referral the recipient came from, when there is one
   * @param reply the recipient's answer to this message, or null
   */
  record Planned(
      int n,
      Phone phone,
      Recipient to,
      @Nullable Template template,
      long sentAt,
      Fate fate,
      long deliveredAt,
      long readAt,
      @Nullable Referral referral,
      @Nullable Reply reply,
      List<Click> clicks) {

    /** How many links the message has. */
    int links() {
      return DemoCampaign.links(template);
    }
  }

  private static final String[] FIRST =
      "Sheena Lucas Priya Mateo Ayu Jonas Olivia Rafael Ananya Sofia Budi Emma Diego Chloe Mia"
          .split(" ");
  private static final String[] LAST =
      "Nelson Silva Sharma Garcia Santoso Muller Smith Costa Patel Hernandez Wijaya Schmidt Souza"
          .split(" ");
  private static final String[] FIRST_WORDS = {
    "Can I get more info about this?",
    "Hi! Is this still available?",
    "Do you deliver to my area?",
    "I'd like the discount code please"
  };
  private static final String[] FOLLOW_UPS = {
    "How much is shipping?", "Do you have it in a bigger pot?", "Can I pay on delivery?"
  };
  private static final String[] REPLIES = {
    "Thanks!", "Is this available in blue?", "What sizes do you have?", "When does the sale end?"
  };

  private final List<Recipient> audience;
  private final List<Referral> referrals;
  private final List<Planned> messages;

  private DemoCampaign(List<Recipient> audience, List<Referral> referrals, List<Planned> messages) {
    this.audience = List.copyOf(audience);
    this.referrals = List.copyOf(referrals);
    this.messages = List.copyOf(messages);
  }

  /**
   * Draws a campaign of {@code size} messages (at least 30) ending at {@code now} (unix seconds).
   */
  static DemoCampaign plan(long seed, long now, int size) {
    if (size < 30) {
      throw new IllegalArgumentException("size " + size + " must be at least 30");
    }
    Random random = new Random(seed);
    List<Recipient> audience = audience(random, Math.min(size / 3, 9_000));
    Map<Integer, Referral> referred = new HashMap<>();
    List<Referral> referrals = new ArrayList<>();
    for (Recipient r : audience) {
      if (random.nextInt(100) < 18) {
        Referral referral = referral(random, r, now);
        referred.put(r.n(), referral);
        referrals.add(referral);
      }
    }
    List<Planned> messages = new ArrayList<>(size);
    for (int n = 0; n < size; n++) {
      Recipient to = audience.get(random.nextInt(audience.size()));
      messages.add(message(random, n, to, referred.get(to.n()), now));
    }
    return new DemoCampaign(audience, referrals, messages);
  }

  List<Recipient> audience() {
    return audience;
  }

  /** The referrals, in audience order. */
  List<Referral> referrals() {
    return referrals;
  }

  /** The messages, in the order they are registered (not in time order). */
  List<Planned> messages() {
    return messages;
  }

  private static List<Recipient> audience(Random random, int size) {
    List<Recipient> audience = new ArrayList<>(size);
    for (int n = 0; n < size; n++) {
      Country country = pick(random, DemoCatalog.COUNTRIES, Country::weight);
      String waId = country.prefix() + String.format("%0" + country.digits() + "d", n);
      String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
      audience.add(new Recipient(n, waId, name));
    }
    return audience;
  }

  private static Referral referral(Random random, Recipient user, long now) {
    Ad ad = pick(random, DemoCatalog.ADS, Ad::weight);
    long at = now - (1 + random.nextInt(DAYS - 2)) * DAY - random.nextInt((int) DAY);
    String text = FIRST_WORDS[random.nextInt(FIRST_WORDS.length)];
    Reply followUp =
        random.nextInt(100) < 60
            ? new Reply(
                wamid(random, user),
                at + 60 + random.nextInt(1_800),
                FOLLOW_UPS[random.nextInt(FOLLOW_UPS.length)],
                null)
            : null;
    return new Referral(wamid(random, user), user, ad, at, text, followUp);
  }

  private static Planned message(
      Random random, int n, Recipient to, @Nullable Referral referral, long now) {
    Template template = template(random);
    Phone phone =
        template == null || template.category().equals("UTILITY")
            ? DemoCatalog.SUPPORT
            : DemoCatalog.MAIN;
    long sentAt;
    if (referral != null) {
      long from = referral.at() + 3_600;
      sentAt = from + (long) (random.nextDouble() * (now - 60 - from));
    } else {
      sentAt = now - 60 - random.nextInt((int) (DAYS * DAY - 60));
    }
    int roll = random.nextInt(100);
    Fate fate = roll < 3 ? Fate.FAILED : roll < 90 ? Fate.DELIVERED : Fate.SENT;
    long deliveredAt = Math.min(now, sentAt + 2 + random.nextInt(600));
    long readAt = Math.min(now, deliveredAt + 30 + random.nextInt(7_200));
    if (fate == Fate.DELIVERED && random.nextInt(100) < 60) {
      fate = Fate.READ;
    }
    Reply reply = fate == Fate.READ ? reply(random, to, template, readAt, now) : null;
    List<Click> clicks =
        DemoClicks.draw(random, fate, links(template), sentAt, deliveredAt, readAt, now);
    return new Planned(
        n, phone, to, template, sentAt, fate, deliveredAt, readAt, referral, reply, clicks);
  }

  private static @Nullable Template template(Random random) {
    int roll = random.nextInt(100) - DemoCatalog.SERVICE_SHARE;
    for (Template t : DemoCatalog.TEMPLATES) {
      if (roll < 0) {
        break;
      }
      roll -= t.share();
      if (roll < 0) {
        return t;
      }
    }
    return null;
  }

  private static @Nullable Reply reply(
      Random random, Recipient to, @Nullable Template template, long readAt, long now) {
    long at = Math.min(now, readAt + 5 + random.nextInt(900));
    int roll = random.nextInt(100);
    if (template != null && !template.quickReplies().isEmpty() && roll < 14) {
      String button = template.quickReplies().get(random.nextInt(template.quickReplies().size()));
      return new Reply(wamid(random, to), at, button, button);
    }
    if (roll >= 100 - (template == null ? 15 : 8)) {
      return new Reply(wamid(random, to), at, REPLIES[random.nextInt(REPLIES.length)], null);
    }
    return null;
  }

  /** One of {@code choices}, each as likely as its weight. */
  private static <T> T pick(Random random, List<T> choices, ToIntFunction<T> weight) {
    int roll = random.nextInt(choices.stream().mapToInt(weight).sum());
    for (T choice : choices) {
      roll -= weight.applyAsInt(choice);
      if (roll < 0) {
        return choice;
      }
    }
    throw new AssertionError("roll beyond the total weight");
  }

  /** One body link in the text, then one per url button. */
  private static int links(@Nullable Template template) {
    return 1 + (template == null ? 0 : template.urlButtons().size());
  }

  /** A WhatsApp-looking message id for a message from or to {@code user}. */
  private static String wamid(Random random, Recipient user) {
    String inner =
        user.waId() + "FQIAEhgU" + Long.toHexString(random.nextLong()).toUpperCase(Locale.ROOT);
    return "wamid.HBgL"
        + Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
  }
}
