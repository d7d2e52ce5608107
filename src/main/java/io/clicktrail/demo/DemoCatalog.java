package io.clicktrail.demo;

import java.util.List;

/**
 * What the demo business owns before it sends anything: two WhatsApp phone numbers, three
 * templates, the Click-to-WhatsApp ads that bring new users to it, and the countries its audience
 * lives in. Constants only.
 */
final class DemoCatalog {
  private DemoCatalog() {}

  /** A business phone number: Meta's id and the number people see. */
  record Phone(String id, String display) {}

  /**
   * A message template.
   *
   * @param urlButtons the text of each {@code url} button, in button order
   * @param quickReplies the text of each {@code quick_reply} button
   * @param share of the campaign's messages that use it, in percent
   */
  record Template(
      String id,
      String name,
      String category,
      List<String> urlButtons,
      List<String> quickReplies,
      int share) {

    /** Where the i-th url button of a message to recipient {@code n} leads. */
    String ctaUrl(int i, int n) {
      return "https://shop.example/" + name + (i == 0 ? "" : "/offer") + "?u=" + n;
    }
  }

  /**
   * A Click-to-WhatsApp ad.
   *
   * @param weight how many of the ad users it brought, relative to the other ads
   */
  record Ad(
      String sourceId,
      String sourceUrl,
      String headline,
      String body,
      String mediaType,
      String welcome,
      int weight) {}

  /**
   * Where part of the audience lives: WhatsApp ids are {@code prefix} and {@code digits} more
   * digits, a number libphonenumber places in the country.
   *
   * @param weight how many of the audience live there, relative to the other countries
   */
  record Country(String code, String prefix, int digits, int weight) {}

  static final List<Country> COUNTRIES =
      List.of(
          new Country("BR", "5511955", 6, 22),
          new Country("IN", "9198765", 5, 20),
          new Country("US", "1650555", 4, 16),
          new Country("MX", "52555512", 4, 12),
          new Country("ID", "6281234", 6, 12),
          new Country("DE", "4915112", 6, 9),
          new Country("GB", "4477009", 5, 9));

  static final Phone MAIN = new Phone("106540352242922", "15550783881");
  static final Phone SUPPORT = new Phone("106540352242923", "15550783882");
  static final List<Phone> PHONES = List.of(MAIN, SUPPORT);

  static final String STOP = "Stop promotions";

  static final List<Template> TEMPLATES =
      List.of(
          new Template(
              "1421988012088524",
              "spring_sale",
              "MARKETING",
              List.of("Shop now"),
              List.of("Tell me more", STOP),
              35),
          new Template(
              "1421988012088525", "order_update", "UTILITY", List.of("Track order"), List.of(), 20),
          new Template(
              "1421988012088526",
              "welcome_offer",
              "MARKETING",
              List.of("Shop now", "See offer"),
              List.of(STOP),
              20));

  /** The share of messages, in percent, that are free-form service replies, not templates. */
  static final int SERVICE_SHARE = 25;

  static final List<Ad> ADS =
      List.of(
          new Ad(
              "120226305854810726",
              "https://fb.me/3cr4Wqqkv",
              "Chat with us",
              "Summer Succulents are here!",
              "image",
              "Hi there! Let us know how we can help!",
              5),
          new Ad(
              "120226305854810733",
              "https://fb.me/9kLm2QpXz",
              "Order on WhatsApp",
              "Free delivery all week on every plant",
              "video",
              "Hi! Tell us what you would like delivered.",
              3),
          new Ad(
              "120226305854810741",
              "https://fb.me/5tRw8NbVc",
              "Get your code",
              "20% off your first order",
              "image",
              "Welcome! Reply to get your discount code.",
              2));
}
