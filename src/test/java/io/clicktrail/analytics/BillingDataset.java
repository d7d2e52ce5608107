package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generated set of WhatsApp statuses for the conversation and pricing analytics tests, with what
 * those tests expect computed here from the statuses alone: 30 conversations of every origin
 * (referral_conversion and billable=false included) over two phone numbers and three countries, one
 * to three messages each, statuses shuffled and sent twice, and a last batch of late statuses that
 * are earlier than what came before.
 */
final class BillingDataset {
  static final String ACME = "102290129340398";
  static final String P1 = "106540352242922";
  static final String P2 = "106540352242923";
  static final Map<String, String> DISPLAY = Map.of(P1, "15550783881", P2, "15550783882");
  static final long DAY0 = 1717372800L; // 2024-06-03T00:00:00Z
  private static final String[][] RECIPIENTS = {
    {"1650555", "US"}, {"551198765", "BR"}, {"2782555", "ZA"}
  };
  private static final String[] ORIGINS = {
    "marketing", "utility", "authentication", "service", "referral_conversion"
  };
  private static final String[] PRICING_CATEGORIES = {
    "marketing",
    "utility",
    "authentication",
    "authentication-international",
    "service",
    "marketing_lite"
  };
  private static final String[] PRICING_TYPES = {
    "regular", "free_customer_service", "free_entry_point"
  };

  /** One status as posted. */
  record Status(
      String messageId,
      String status,
      long at,
      String phone,
      String recipient,
      String conversationId,
      String origin,
      String pricingCategory,
      String pricingType,
      Boolean billable) {

    String json() {
      StringBuilder b =
          new StringBuilder("{\"id\":\"")
              .append(messageId)
              .append("\",\"status\":\"")
              .append(status)
              .append("\",\"timestamp\":\"")
              .append(at)
              .append("\",\"recipient_id\":\"")
              .append(recipient)
              .append('"');
      if (conversationId != null) {
        b.append(",\"conversation\":{\"id\":\"")
            .append(conversationId)
            .append("\",\"origin\":{\"type\":\"")
            .append(origin)
            .append("\"}}");
      }
      if (pricingCategory != null) {
        b.append(",\"pricing\":{\"billable\":")
            .append(billable)
            .append(",\"pricing_model\":\"PMP\",\"category\":\"")
            .append(pricingCategory)
            .append("\",\"type\":\"")
            .append(pricingType)
            .append("\"}");
      }
      return b.append('}').toString();
    }
  }

  /** A conversation as this test expects it counted. */
  record Conv(
      String phone, String country, String category, String type, String direction, long at) {}

  /** A priced, delivered message as this test expects it counted. */
  record Priced(String phone, String country, String category, String type, long at) {}

  final List<Status> statuses = new ArrayList<>();
  final List<Status> late = new ArrayList<>();
  final Map<String, BigDecimal> card;

  BillingDataset() throws IOException {
    card = card();
    for (int i = 0; i < 30; i++) {
      String phone = i % 2 == 0 ? P1 : P2;
      String recipient = RECIPIENTS[i % 3][0] + String.format(Locale.ROOT, "%04d", 1000 + i);
      String conv = "conv" + i;
      String origin = ORIGINS[i % 5];
      boolean priced = i % 6 != 5;
      // billable is only known from a pricing object
      Boolean billable = !priced ? null : i % 7 == 3 ? Boolean.FALSE : Boolean.TRUE;
      long base = DAY0 + i * 5L * 3600 + 1000 + (i % 4) * 700;
      int messages = 1 + i % 3;
      for (int j = 0; j < messages; j++) {
        String id = "wamid.C" + i + "_" + j;
        long sent = base + j * 900;
        String cat = priced ? PRICING_CATEGORIES[(i + j) % 6] : null;
        String type = PRICING_TYPES[(i + j) % 3];
        statuses.add(
            new Status(id, "sent", sent, phone, recipient, conv, origin, cat, type, billable));
        if (!(j == 2 && i % 3 == 2)) { // some messages are never delivered
          statuses.add(
              new Status(
                  id,
                  "delivered",
                  sent + 1500,
                  phone,
                  recipient,
                  conv,
                  origin,
                  cat,
                  type,
                  billable));
        }
        if (j == 0 && i % 2 == 1) { // read (no conversation, no pricing) before delivered came
          statuses.add(
              new Status(id, "read", sent + 1000, phone, recipient, null, null, null, null, null));
        }
        if (j == 0 && i % 4 == 1) { // a late sent status, earlier than every other one
          late.add(
              new Status(
                  id, "sent", base - 2400, phone, recipient, conv, origin, cat, type, billable));
        }
        if (j == 1 && i % 4 == 2) { // a late delivered status, earlier than the first one
          late.add(
              new Status(
                  id,
                  "delivered",
                  sent + 200,
                  phone,
                  recipient,
                  conv,
                  origin,
                  cat,
                  type,
                  billable));
        }
      }
    }
  }

  /** Posts every status twice, shuffled, then the late ones. */
  void ingest(TestServer server, TestServer.Account acme) throws Exception {
    for (int copy = 0; copy < 2; copy++) {
      List<Status> shuffled = new ArrayList<>(statuses);
      Collections.shuffle(shuffled, new Random(11 + copy));
      for (String phone : List.of(P1, P2)) {
        List<Status> mine = shuffled.stream().filter(s -> s.phone().equals(phone)).toList();
        for (int from = 0; from < mine.size(); from += 20) {
          post(server, acme, phone, mine.subList(from, Math.min(mine.size(), from + 20)));
        }
      }
    }
    for (String phone : List.of(P1, P2)) {
      post(server, acme, phone, late.stream().filter(s -> s.phone().equals(phone)).toList());
    }
  }

  private static void post(
      TestServer server, TestServer.Account acme, String phone, List<Status> batch)
      throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\""
                + ACME
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\""
                + DISPLAY.get(phone)
                + "\",\"phone_number_id\":\""
                + phone
                + "\"},\"statuses\":["
                + String.join(",", batch.stream().map(Status::json).toList())
                + "]},\"field\":\"messages\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            acme.created().get("app_secret").asText().getBytes(StandardCharsets.UTF_8),
            "HmacSHA256"));
    TestServer.Response r =
        server.send(
            "POST",
            "/webhooks/whatsapp/" + ACME,
            body,
            "X-Hub-Signature-256",
            "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private List<Status> all() {
    List<Status> all = new ArrayList<>(statuses);
    all.addAll(late);
    return all;
  }

  private static String country(String recipient) {
    for (String[] r : RECIPIENTS) {
      if (recipient.startsWith(r[0])) {
        return r[1];
      }
    }
    throw new AssertionError(recipient);
  }

  /** Every conversation, counted once at its first status. */
  List<Conv> conversations() {
    Map<String, Conv> out = new TreeMap<>();
    for (Status s : all()) {
      if (s.conversationId() == null) {
        continue;
      }
      String category =
          s.origin().equals("referral_conversion")
              ? "SERVICE"
              : s.origin().toUpperCase(Locale.ROOT);
      String type =
          s.origin().equals("referral_conversion")
              ? "FREE_ENTRY"
              : Boolean.FALSE.equals(s.billable()) ? "FREE_TIER" : "REGULAR";
      String direction = category.equals("SERVICE") ? "USER_INITIATED" : "BUSINESS_INITIATED";
      Conv c = new Conv(s.phone(), country(s.recipient()), category, type, direction, s.at());
      out.merge(s.conversationId(), c, (a, b) -> a.at() <= b.at() ? a : b);
    }
    return List.copyOf(out.values());
  }

  /** Every delivered message that has pricing, at its first delivered-or-read status. */
  List<Priced> priced() {
    Map<String, List<Status>> byMessage = new TreeMap<>();
    for (Status s : all()) {
      byMessage.computeIfAbsent(s.messageId(), k -> new ArrayList<>()).add(s);
    }
    List<Priced> out = new ArrayList<>();
    for (List<Status> list : byMessage.values()) {
      Status pricing =
          list.stream().filter(s -> s.pricingCategory() != null).findFirst().orElse(null);
      Long delivered =
          list.stream()
              .filter(s -> s.status().equals("delivered") || s.status().equals("read"))
              .map(Status::at)
              .min(Long::compare)
              .orElse(null);
      if (pricing == null || delivered == null) {
        continue;
      }
      String cat = pricing.pricingCategory().toUpperCase(Locale.ROOT).replace('-', '_');
      out.add(
          new Priced(
              pricing.phone(),
              country(pricing.recipient()),
              cat.equals("MARKETING_LITE") ? "MARKETING" : cat,
              pricing.pricingType().toUpperCase(Locale.ROOT),
              delivered));
    }
    return out;
  }

  /** The sample card, read here from its CSV. */
  private static Map<String, BigDecimal> card() throws IOException {
    Map<String, BigDecimal> card = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("src/main/resources/ratecard/sample.csv"))) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.equals("country,category,price")) {
        continue;
      }
      String[] f = l.split(",");
      card.put(
          f[0].strip() + "/" + f[1].strip().toUpperCase(Locale.ROOT), new BigDecimal(f[2].strip()));
    }
    return card;
  }

  BigDecimal price(String country, String category) {
    BigDecimal p = card.get(country + "/" + category);
    if (p == null) {
      p = card.get("*/" + category);
    }
    return p == null ? BigDecimal.ZERO : p;
  }

  /** The buckets of a fixed step, the last cut at {@code end}. */
  static List<long[]> buckets(long start, long end, long step) {
    List<long[]> out = new ArrayList<>();
    for (long s = start; s < end; s += step) {
      out.add(new long[] {s, Math.min(end, s + step)});
    }
    return out;
  }

  /**
   * The data points expected: per bucket and dimension values (in the member order given, sorted by
   * bucket then values), the count and the cost.
   */
  static <T> List<Map<String, String>> expected(
      List<T> items,
      List<long[]> buckets,
      Predicate<T> filter,
      ToLongFunction<T> at,
      Map<String, Function<T, String>> dims,
      Function<T, BigDecimal> cost,
      String countName,
      boolean withCount,
      boolean withCost) {
    List<Map<String, String>> out = new ArrayList<>();
    for (long[] b : buckets) {
      Map<List<String>, List<T>> groups = new TreeMap<>(BillingDataset::compare);
      for (T item : items) {
        long t = at.applyAsLong(item);
        if (filter.test(item) && t >= b[0] && t < b[1]) {
          List<String> key = dims.values().stream().map(f -> f.apply(item)).toList();
          groups.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
        }
      }
      groups.forEach(
          (key, list) -> {
            Map<String, String> point = new LinkedHashMap<>();
            point.put("start", Long.toString(b[0]));
            point.put("end", Long.toString(b[1]));
            if (withCount) {
              point.put(countName, Integer.toString(list.size()));
            }
            List<String> names = List.copyOf(dims.keySet());
            for (int k = 0; k < names.size(); k++) {
              point.put(names.get(k), key.get(k));
            }
            if (withCost) {
              BigDecimal sum = list.stream().map(cost).reduce(BigDecimal.ZERO, BigDecimal::add);
              point.put("cost", sum.stripTrailingZeros().toPlainString());
            }
            out.add(point);
          });
    }
    return out;
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int r = a.get(i).compareTo(b.get(i));
      if (r != 0) {
        return r;
      }
    }
    return 0;
  }

  /** The data points of a response, members in response order, cost as a plain decimal. */
  static List<Map<String, String>> points(JsonNode field) {
    List<Map<String, String>> out = new ArrayList<>();
    assertThat(field.get("data")).hasSize(1);
    for (JsonNode p : field.at("/data/0/data_points")) {
      Map<String, String> point = new LinkedHashMap<>();
      p.fields()
          .forEachRemaining(
              e ->
                  point.put(
                      e.getKey(),
                      e.getKey().equals("cost")
                          ? new BigDecimal(e.getValue().asText())
                              .stripTrailingZeros()
                              .toPlainString()
                          : e.getValue().asText()));
      out.add(point);
    }
    return out;
  }
}
