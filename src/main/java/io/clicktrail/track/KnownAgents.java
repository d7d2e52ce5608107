package io.clicktrail.track;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The curated table of link-preview fetchers, mail security scanners and mail image proxies, each a
 * bot, checked in order before the general user-agent library. It exists because the library either
 * misses these clients or calls them browsers, and because each deserves its own reason.
 *
 * <p>Choices worth knowing:
 *
 * <ul>
 *   <li>WhatsApp's preview fetcher sends a bare {@code WhatsApp/2.23.20.0 A} ({@code A} on Android,
 *       {@code i} on iOS). WhatsApp's in-app browser sends a full {@code Mozilla/5.0 … Chrome/…
 *       WhatsApp/…} user agent and is a person, so only user agents that <em>start</em> with {@code
 *       WhatsApp} match.
 *   <li>Apple Mail Privacy Protection fetches through Apple's proxy with the bare user agent {@code
 *       Mozilla/5.0}. No browser sends exactly that, so exactly {@code Mozilla/5.0} (ignoring case)
 *       is {@code ua:apple-mail-proxy}; anything longer is left to the other rules.
 *   <li>Telegram's fetcher says {@code TelegramBot (like TwitterBot)} and iMessage's says {@code …
 *       facebookexternalhit/1.1 Facebot Twitterbot/1.0}, so both come before the Facebook and
 *       Twitter rules.
 *   <li>Office apps and Microsoft Safe Links/Defender send {@code ms-office} / {@code MSOffice}
 *       when they check a link before, or instead of, the reader's browser; that is {@code
 *       ua:microsoft-safelinks}. Defender's sandbox also uses an ordinary Chrome user agent from
 *       Microsoft addresses, which no user-agent rule can tell from a person. Outlook's {@code
 *       Microsoft Office/16.0 (… Microsoft Outlook …; Pro)} without those tokens loads images for a
 *       reader and is not matched.
 * </ul>
 *
 * <p>Rules match case-insensitive substrings of a lower-cased, trimmed user agent, so matching
 * costs time linear in its length.
 */
final class KnownAgents {

  /**
   * One row of the table.
   *
   * @param reason the classification reason, {@code ua:} followed by the client's short name
   * @param matches tells whether a lower-cased, trimmed user agent belongs to this client
   */
  record Rule(String reason, Predicate<String> matches) {
    Rule {
      requireNonNull(reason, "reason");
      requireNonNull(matches, "matches");
    }
  }

  private static final List<Rule> RULES =
      List.of(
          new Rule("ua:apple-mail-proxy", ua -> ua.equals("mozilla/5.0")),
          new Rule(
              "ua:whatsapp-preview", ua -> ua.equals("whatsapp") || ua.startsWith("whatsapp/")),
          new Rule("ua:telegram-preview", containsAny("telegrambot")),
          new Rule("ua:imessage-preview", containsAny("facebot twitterbot")),
          new Rule(
              "ua:facebook-preview",
              containsAny("facebookexternalhit", "facebot", "facebookcatalog")),
          new Rule("ua:twitter-preview", containsAny("twitterbot")),
          new Rule("ua:slack-preview", containsAny("slackbot", "slack-imgproxy")),
          new Rule("ua:discord-preview", containsAny("discordbot")),
          new Rule("ua:skype-preview", containsAny("skypeuripreview")),
          new Rule("ua:linkedin-preview", containsAny("linkedinbot")),
          new Rule("ua:snapchat-preview", containsAny("snap url preview")),
          new Rule("ua:bing-preview", containsAny("bingpreview")),
          new Rule(
              "ua:microsoft-safelinks",
              containsAny("ms-office", "msoffice", "microsoft office existence discovery")),
          new Rule("ua:proofpoint", containsAny("proofpoint")),
          new Rule("ua:mimecast", containsAny("mimecast")),
          new Rule("ua:barracuda", containsAny("barracuda")),
          new Rule("ua:google-image-proxy", containsAny("googleimageproxy")),
          new Rule("ua:yahoo-mail-proxy", containsAny("yahoomailproxy")));

  /**
   * HTTP libraries and command-line tools, by the name of the first product token of their default
   * user agent ({@code curl/8.5.0}, {@code python-requests/2.31.0}, {@code node}).
   */
  private static final Set<String> HTTP_CLIENTS =
      Set.of(
          "curl",
          "wget",
          "python-requests",
          "python-urllib",
          "python-httpx",
          "aiohttp",
          "go-http-client",
          "okhttp",
          "java-http-client",
          "java",
          "apache-httpclient",
          "axios",
          "node-fetch",
          "undici",
          "node",
          "got",
          "libwww-perl",
          "lwp::simple",
          "postmanruntime",
          "insomnia",
          "httpie",
          "ruby",
          "faraday",
          "guzzlehttp",
          "reqwest",
          "rest-client",
          "scrapy");

  private KnownAgents() {}

  /** Returns the rules in the order they are checked. */
  static List<Rule> rules() {
    return RULES;
  }

  /**
   * Returns the reason of the first rule that matches, or null when none does.
   *
   * @param lowerCaseAgent a user agent already trimmed and lower-cased with {@code Locale.ROOT}
   */
  static @Nullable String reasonFor(String lowerCaseAgent) {
    for (Rule rule : RULES) {
      if (rule.matches().test(lowerCaseAgent)) {
        return rule.reason();
      }
    }
    return null;
  }

  /**
   * Returns {@code ua:http-client:<name>} when the user agent is the default one of a known HTTP
   * library or command-line tool, or null otherwise. Only the first product token counts, so a
   * browser that mentions a library later in its user agent is not matched.
   *
   * @param lowerCaseAgent a user agent already trimmed and lower-cased with {@code Locale.ROOT}
   */
  static @Nullable String httpClientReason(String lowerCaseAgent) {
    int end = 0;
    while (end < lowerCaseAgent.length()
        && lowerCaseAgent.charAt(end) != '/'
        && !Character.isWhitespace(lowerCaseAgent.charAt(end))) {
      end++;
    }
    String name = lowerCaseAgent.substring(0, end);
    return HTTP_CLIENTS.contains(name) ? "ua:http-client:" + name : null;
  }

  private static Predicate<String> containsAny(String... needles) {
    List<String> all = List.of(needles);
    return ua -> {
      for (String needle : all) {
        if (ua.contains(needle)) {
          return true;
        }
      }
      return false;
    };
  }
}
