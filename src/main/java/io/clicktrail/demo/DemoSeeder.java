package io.clicktrail.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.webhook.Signatures;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeds a demo campaign through the public API: one account, two phone numbers, three templates,
 * messages over the last 30 days to recipients in several countries, the signed WhatsApp status
 * webhooks Meta would send for them, and human, bot and prefetch clicks on their links.
 * Deterministic for a given seed, apart from ids the server generates.
 */
public final class DemoSeeder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MESSAGES = 600;
  private static final int BATCH = 100;
  private static final String[] COUNTRY_PREFIXES = {
    "1650555", "5511955", "9198765", "4915112", "4477009", "52555512"
  };
  private static final String[] HUMAN_AGENTS = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/126.0.0.0 Safari/537.36",
  };
  private static final String[] BOT_AGENTS = {
    "WhatsApp/2.24.12.78 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  };

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final PrintStream out;
  private final Random random = new Random(20261123L);

  private DemoSeeder(String base, PrintStream out) {
    this.base = base;
    this.out = out;
  }

  /**
   * Seeds the server at {@code base} using {@code adminToken}, showing progress on {@code out}, and
   * prints how to reach the seeded account.
   *
   * @throws IllegalStateException when the server refuses a seeding call
   */
  public static void seed(String base, String adminToken, PrintStream out) {
    try {
      new DemoSeeder(base, out).run(adminToken);
    } catch (IOException e) {
      throw new IllegalStateException("demo seeding failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("demo seeding interrupted", e);
    }
  }

  private void run(String adminToken) throws IOException, InterruptedException {
    JsonNode account = call("POST", "/v1/accounts", adminToken, obj().put("name", "Acme Demo"));
    String token = account.get("access_token").asText();
    call(
        "PUT",
        "/v1/phone_numbers/106540352242922",
        token,
        obj().put("display_phone_number", "15550783881"));
    call(
        "PUT",
        "/v1/phone_numbers/106540352242923",
        token,
        obj().put("display_phone_number", "15550783882"));
    call(
        "PUT",
        "/v1/templates/1421988012088524",
        token,
        template("spring_sale", "MARKETING", 1, true));
    call(
        "PUT",
        "/v1/templates/1421988012088525",
        token,
        template("order_update", "UTILITY", 1, false));
    call(
        "PUT",
        "/v1/templates/1421988012088526",
        token,
        template("welcome_offer", "MARKETING", 2, true));

    // the demo shows template analytics, which Graph clients must first confirm
    call("POST", "/" + account.get("id").asText() + "?is_enabled_for_insights=true", token, obj());

    List<String> links = new ArrayList<>();
    long now = System.currentTimeMillis() / 1000;
    String appSecret = account.get("app_secret").asText();
    for (int done = 0; done < MESSAGES; done += BATCH) {
      ArrayNode batch = JSON.createArrayNode();
      for (int i = done; i < done + BATCH; i++) {
        batch.add(message(i, now));
      }
      JsonNode results = call("POST", "/v1/messages:batch", token, obj().set("messages", batch));
      statuses(account.get("id").asText(), appSecret, batch, results.get("results"), now);
      for (JsonNode r : results.get("results")) {
        for (JsonNode l : r.path("links")) {
          if (!l.path("token").isNull()) {
            links.add(l.get("tracked_url").asText());
          }
        }
      }
      progress("messages", done + BATCH, MESSAGES);
    }
    int clicks = links.size() * 2 / 5;
    for (int i = 0; i < clicks; i++) {
      String url = links.get(random.nextInt(links.size()));
      int kind = random.nextInt(10);
      String agent =
          kind < 7 ? HUMAN_AGENTS[random.nextInt(HUMAN_AGENTS.length)] : BOT_AGENTS[kind % 2];
      String method = kind == 9 ? "HEAD" : "GET";
      http.send(
          HttpRequest.newBuilder(URI.create(url))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .header("User-Agent", agent)
              .build(),
          HttpResponse.BodyHandlers.discarding());
      if (i % 20 == 0 || i == clicks - 1) {
        progress("clicks  ", i + 1, clicks);
      }
    }
    out.println();
    out.println("demo account: " + account.get("id").asText());
    out.println("account token: " + token);
    out.println(
        "try: curl -s '" + base + "/v1/clicks?limit=5' -H 'Authorization: Bearer " + token + "'");
  }

  /**
   * Sends the statuses Meta would have sent for a batch of messages, as a signed WhatsApp webhook
   * (one change per phone number): every message sent (template messages with a conversation and
   * pricing), most delivered minutes later, about half of those read.
   */
  private void statuses(
      String accountId, String appSecret, ArrayNode sent, JsonNode results, long now)
      throws IOException, InterruptedException {
    ObjectNode root = obj().put("object", "whatsapp_business_account");
    ArrayNode changes = root.putArray("entry").addObject().put("id", accountId).putArray("changes");
    for (String phone : List.of("106540352242922", "106540352242923")) {
      ObjectNode value = obj().put("messaging_product", "whatsapp");
      value
          .putObject("metadata")
          .put(
              "display_phone_number",
              phone.equals("106540352242922") ? "15550783881" : "15550783882")
          .put("phone_number_id", phone);
      ArrayNode list = value.putArray("statuses");
      for (int i = 0; i < sent.size(); i++) {
        JsonNode m = sent.get(i);
        String id = results.get(i).path("message_id").asText("");
        if (!m.get("phone_number_id").asText().equals(phone) || id.isEmpty()) {
          continue;
        }
        long at = m.get("sent_at").asLong();
        ObjectNode first = status(list, id, "sent", at, m.get("recipient").asText());
        if (m.has("template_id")) {
          first
              .putObject("conversation")
              .put("id", "CONV" + id.hashCode())
              .put("expiration_timestamp", Long.toString(at + 86_400))
              .putObject("origin")
              .put("type", "marketing");
          first
              .putObject("pricing")
              .put("billable", true)
              .put("pricing_model", "PMP")
              .put("category", "marketing")
              .put("type", "regular");
        }
        if (random.nextInt(100) < 85) {
          long delivered = Math.min(now, at + 5 + random.nextInt(600));
          status(list, id, "delivered", delivered, m.get("recipient").asText());
          if (random.nextBoolean()) {
            status(
                list,
                id,
                "read",
                Math.min(now, delivered + 60 + random.nextInt(7200)),
                m.get("recipient").asText());
          }
        }
      }
      changes.addObject().put("field", "messages").set("value", value);
    }
    byte[] body = JSON.writeValueAsBytes(root);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp/" + accountId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Signatures.hubSignature256(appSecret, body))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "status webhook answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static ObjectNode status(ArrayNode list, String id, String status, long at, String to) {
    return list.addObject()
        .put("id", id)
        .put("status", status)
        .put("timestamp", Long.toString(at))
        .put("recipient_id", to);
  }

  private ObjectNode message(int i, long now) {
    ObjectNode m = obj();
    m.put("phone_number_id", i % 3 == 0 ? "106540352242923" : "106540352242922");
    m.put("recipient", COUNTRY_PREFIXES[i % COUNTRY_PREFIXES.length] + String.format("%04d", i));
    m.put("sent_at", now - random.nextInt(30 * 86_400));
    int template = i % 4;
    if (template == 3) {
      m.put("text", "Thanks for your order! Track it here: https://shop.example/orders/" + i);
      return m;
    }
    String id = "142198801208852" + (4 + template);
    m.put("template_id", id);
    m.put("label", "demo wave " + (1 + i / 200));
    m.put("product_id", "sku" + (i % 12));
    m.put("text", "Hi! New colours are in: https://shop.example/p/" + (i % 12) + "?ref=wa");
    ArrayNode cta = m.putArray("cta_urls");
    cta.add("https://shop.example/sale?u=" + i);
    if (template == 2) {
      cta.add("https://shop.example/welcome?u=" + i);
    }
    return m;
  }

  private static ObjectNode template(
      String name, String category, int urlButtons, boolean quickReply) {
    ObjectNode t = obj().put("name", name).put("category", category).put("language", "en_US");
    ArrayNode buttons = t.putArray("buttons");
    for (int i = 0; i < urlButtons; i++) {
      buttons.add(
          obj()
              .put("type", "url")
              .put("text", i == 0 ? "Shop now" : "See offer")
              .put("url", "https://shop.example/" + name));
    }
    if (quickReply) {
      buttons.add(obj().put("type", "quick_reply").put("text", "Stop promotions"));
    }
    return t;
  }

  private void progress(String what, int done, int total) {
    int width = 30;
    int filled = (int) ((long) Math.min(done, total) * width / total);
    out.print(
        "\r"
            + what
            + " ["
            + "#".repeat(filled)
            + " ".repeat(width - filled)
            + "] "
            + Math.min(done, total)
            + "/"
            + total);
    if (done >= total) {
      out.println();
    }
    out.flush();
  }

  private JsonNode call(String method, String path, String token, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }
}
