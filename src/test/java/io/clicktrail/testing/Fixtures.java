package io.clicktrail.testing;

/** The example objects of the specification, shared by the API tests. */
public final class Fixtures {
  private Fixtures() {}

  /** The WhatsApp Business Account of the spec's examples. */
  public static final String ACME_ID = "102290129340398";

  /** The sending phone number of the spec's examples, and its display number. */
  public static final String PHONE_ID = "106540352242922";

  public static final String PHONE_DISPLAY = "15550783881";

  /** The spec's {@code spring_sale} template: one url button and one quick reply. */
  public static final String SPRING_SALE =
      "{\"name\":\"spring_sale\",\"category\":\"MARKETING\",\"language\":\"en_US\",\"buttons\":["
          + "{\"type\":\"url\",\"text\":\"Tell me more\",\"url\":\"https://shop.example/sale\"},"
          + "{\"type\":\"quick_reply\",\"text\":\"Contact Support\"}]}";
}
