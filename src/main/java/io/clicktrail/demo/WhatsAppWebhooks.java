package io.clicktrail.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.demo.DemoApi.TrackedLink;
import io.clicktrail.demo.DemoCampaign.Fate;
import io.clicktrail.demo.DemoCampaign.Planned;
import io.clicktrail.demo.DemoCampaign.Recipient;
import io.clicktrail.demo.DemoCampaign.Referral;
import io.clicktrail.demo.DemoCampaign.Reply;
import io.clicktrail.demo.DemoCatalog.Phone;
import io.clicktrail.webhook.Signatures;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The webhooks Meta's WhatsApp Cloud API would send one account about the demo campaign, as bodies
 * of {@code POST /webhooks/whatsapp/{account}} with their {@code X-Hub-Signature-256}: message
 * statuses, users' replies and button presses (with {@code context} naming the message they
 * answer), Click-to-WhatsApp ad referrals, and Meta's own reports of clicks on tracked links
 * ({@code user_actions}). One change per business phone number, each with the {@code contacts} of
 * its senders. Stateless apart from the account; thread-safe.
 */
final class WhatsAppWebhooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A planned message and the id the server registered it under. */
  record Sent(Planned plan, String id) {}

  /**
   * A person's click on a tracked link of a sent message, as Meta reports it.
   *
   * @param at unix seconds
   * @param nth tells this click from the others reported of the same message
   */
  record ReportedClick(Sent sent, TrackedLink link, long at, int nth) {}

  /** One {@code messages[]} item before it is written. */
  private record Incoming(
      Recipient from,
      String id,
      long at,
      String text,
      @Nullable String button,
      @Nullable String contextId,
      @Nullable Referral referral) {}

  private final String accountId;
  private final String appSecret;

  WhatsAppWebhooks(String accountId, String appSecret) {
    this.accountId = accountId;
    this.appSecret = appSecret;
  }

  /** The {@code X-Hub-Signature-256} header of {@code body}. */
  String signature(byte[] body) {
    return Signatures.hubSignature256(appSecret, body);
  }

  /**
   * The statuses of {@code sent}: {@code sent} with its conversation and pricing, then {@code
   * delivered} and {@code read} or {@code failed} as planned.
   */
  byte[] statuses(List<Sent> sent) {
    Map<Phone, ArrayNode> byPhone = new LinkedHashMap<>();
    for (Sent s : sent) {
      ArrayNode list = byPhone.computeIfAbsent(s.plan().phone(), p -> JSON.createArrayNode());
      Planned m = s.plan();
      priced(status(list, s, "sent", m.sentAt()), m);
      switch (m.fate()) {
        case FAILED ->
            status(list, s, "failed", m.sentAt() + 1)
                .putArray("errors")
                .addObject()
                .put("code", 131026)
                .put("title", "Message undeliverable")
                .put("message", "Message undeliverable")
                .put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support");
        case DELIVERED, READ -> {
          priced(status(list, s, "delivered", m.deliveredAt()), m);
          if (m.fate() == Fate.READ) {
            status(list, s, "read", m.readAt());
          }
        }
        case SENT -> {}
      }
    }
    ObjectNode root = envelope();
    byPhone.forEach((phone, list) -> change(root, phone).set("statuses", list));
    return bytes(root);
  }

  /**
   * Meta's reports of {@code clicks}: a {@code marketing_messages_link_click} each, stamped with
   * its time, under the phone number that sent the message, naming the link by its tracking token
   * and carrying a click id of Meta's shape (16 hex digits) drawn from the account, message and
   * {@code nth}, so a report delivered twice is recognised as one click.
   */
  byte[] userActions(List<ReportedClick> clicks) {
    Map<Phone, ArrayNode> byPhone = new LinkedHashMap<>();
    for (ReportedClick c : clicks) {
      byPhone
          .computeIfAbsent(c.sent().plan().phone(), p -> JSON.createArrayNode())
          .addObject()
          .put("action_type", "marketing_messages_link_click")
          .put("timestamp", Long.toString(c.at()))
          .putObject("marketing_messages_link_click_data")
          .put("click_component", c.link().component())
          .put("click_id", clickId(c))
          .put("tracking_token", c.link().token());
    }
    ObjectNode root = envelope();
    byPhone.forEach((phone, list) -> change(root, phone).set("user_actions", list));
    return bytes(root);
  }

  private String clickId(ReportedClick c) {
    String basis = accountId + "/" + c.sent().id() + "/" + c.nth();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** The referral messages (and the follow-ups that came right after them) to the main number. */
  byte[] referrals(List<Referral> referrals) {
    List<Incoming> incoming = new ArrayList<>();
    for (Referral r : referrals) {
      incoming.add(new Incoming(r.user(), r.id(), r.at(), r.text(), null, null, r));
      Reply f = r.followUp();
      if (f != null) {
        incoming.add(new Incoming(r.user(), f.id(), f.at(), f.text(), null, null, null));
      }
    }
    return messages(Map.of(DemoCatalog.MAIN, incoming));
  }

  /** The replies to those of {@code sent} that have one, each in the context of its message. */
  byte[] replies(List<Sent> sent) {
    Map<Phone, List<Incoming>> byPhone = new LinkedHashMap<>();
    for (Sent s : sent) {
      Reply r = s.plan().reply();
      if (r != null) {
        byPhone
            .computeIfAbsent(s.plan().phone(), p -> new ArrayList<>())
            .add(new Incoming(s.plan().to(), r.id(), r.at(), r.text(), r.button(), s.id(), null));
      }
    }
    return messages(byPhone);
  }

  private byte[] messages(Map<Phone, List<Incoming>> byPhone) {
    ObjectNode root = envelope();
    byPhone.forEach(
        (phone, incoming) -> {
          ObjectNode value = change(root, phone);
          Map<String, Recipient> senders = new LinkedHashMap<>();
          incoming.forEach(i -> senders.putIfAbsent(i.from().waId(), i.from()));
          ArrayNode contacts = value.putArray("contacts");
          for (Recipient r : senders.values()) {
            contacts.addObject().put("wa_id", r.waId()).putObject("profile").put("name", r.name());
          }
          ArrayNode messages = value.putArray("messages");
          incoming.forEach(i -> message(messages.addObject(), phone, i));
        });
    return bytes(root);
  }

  private static void message(ObjectNode m, Phone phone, Incoming i) {
    m.put("from", i.from().waId()).put("id", i.id()).put("timestamp", Long.toString(i.at()));
    if (i.contextId() != null) {
      m.putObject("context").put("from", phone.display()).put("id", i.contextId());
    }
    if (i.button() != null) {
      m.put("type", "button")
          .putObject("button")
          .put("payload", i.button().toUpperCase(Locale.ROOT).replace(' ', '_'))
          .put("text", i.button());
    } else {
      m.put("type", "text").putObject("text").put("body", i.text());
    }
    if (i.referral() != null) {
      referral(m.putObject("referral"), i.referral());
    }
  }

  private static void referral(ObjectNode node, Referral r) {
    DemoCatalog.Ad ad = r.ad();
    String media = "https://scontent.xx.fbcdn.net/v/t45.1600-4/" + ad.sourceId();
    node.put("source_url", ad.sourceUrl())
        .put("source_id", ad.sourceId())
        .put("source_type", "ad")
        .put("body", ad.body())
        .put("headline", ad.headline())
        .put("media_type", ad.mediaType());
    if (ad.mediaType().equals("video")) {
      node.put("video_url", media + ".mp4").put("thumbnail_url", media + ".jpg");
    } else {
      node.put("image_url", media + ".jpg");
    }
    String clid = Base64.getUrlEncoder().withoutPadding().encodeToString(r.id().getBytes(UTF_8));
    node.put("ctwa_clid", "Aff-" + clid).putObject("welcome_message").put("text", ad.welcome());
  }

  private static ObjectNode status(ArrayNode list, Sent s, String status, long at) {
    return list.addObject()
        .put("id", s.id())
        .put("status", status)
        .put("timestamp", Long.toString(at))
        .put("recipient_id", s.plan().to().waId());
  }

  /**
   * Adds conversation and pricing as Meta prices the message: templates by category, free within 72
   * hours of an ad referral (a free entry point), service replies free.
   */
  private static void priced(ObjectNode status, Planned m) {
    Referral referral = m.referral();
    boolean freeEntry =
        m.template() != null && referral != null && m.sentAt() - referral.at() < 3 * 86_400;
    String category =
        m.template() == null ? "service" : m.template().category().toLowerCase(Locale.ROOT);
    String origin = freeEntry ? "referral_conversion" : category;
    long window = m.sentAt() / DemoCampaign.DAY;
    status
        .putObject("conversation")
        .put("id", "CONV" + Integer.toHexString((m.to().waId() + origin + window).hashCode()))
        .put("expiration_timestamp", Long.toString((window + 1) * DemoCampaign.DAY))
        .putObject("origin")
        .put("type", origin);
    String type =
        freeEntry ? "free_entry_point" : m.template() == null ? "free_customer_service" : "regular";
    status
        .putObject("pricing")
        .put("billable", type.equals("regular"))
        .put("pricing_model", "PMP")
        .put("category", category)
        .put("type", type);
  }

  private ObjectNode envelope() {
    ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
    root.putArray("entry").addObject().put("id", accountId).putArray("changes");
    return root;
  }

  /** Adds a {@code messages} change about {@code phone} to {@code root}; returns its value. */
  private static ObjectNode change(ObjectNode root, Phone phone) {
    ArrayNode changes = (ArrayNode) root.get("entry").get(0).get("changes");
    ObjectNode change = changes.addObject();
    ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
    value
        .putObject("metadata")
        .put("display_phone_number", phone.display())
        .put("phone_number_id", phone.id());
    change.put("field", "messages");
    return value;
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
