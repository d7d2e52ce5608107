package io.clicktrail.demo;

/**
 * Who follows a tracked link in the demo: people on their phones and desktops, and the machines
 * that fetch links on their own (link previews, crawlers, mail security scanners, prefetching).
 * Each user agent and method is one that the redirect classifies as {@link #human()} says: people
 * as {@code human}, the rest as {@code bot} or, for the HEAD request, {@code prefetch}.
 */
enum Visitor {
  IPHONE(
      "GET",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
  ANDROID(
      "GET",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Mobile Safari/537.36"),
  /** WhatsApp's in-app browser: a person, although the user agent names WhatsApp. */
  WHATSAPP_BROWSER(
      "GET",
      "Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36"
          + " (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36"
          + " WhatsApp/2.24.13.80"),
  DESKTOP(
      "GET",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36"),
  /** WhatsApp fetching the link preview when the message arrives. */
  WHATSAPP_PREVIEW("GET", "WhatsApp/2.24.12.78 A"),
  /** Facebook's crawler, when a link is shared on. */
  FACEBOOK_CRAWLER(
      "GET", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
  /** Microsoft Safe Links checking a link forwarded by e-mail. */
  MAIL_SCANNER("GET", "Mozilla/4.0 (compatible; ms-office; MSOffice 16)"),
  /** A browser prefetching the link: a HEAD request, never a click. */
  PREFETCH(
      "HEAD",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

  static final Visitor[] PEOPLE = {IPHONE, ANDROID, WHATSAPP_BROWSER, DESKTOP};

  final String method;
  final String userAgent;

  Visitor(String method, String userAgent) {
    this.method = method;
    this.userAgent = userAgent;
  }

  /** Whether Clicktrail counts this visitor's clicks as human. */
  boolean human() {
    return this == IPHONE || this == ANDROID || this == WHATSAPP_BROWSER || this == DESKTOP;
  }
}
