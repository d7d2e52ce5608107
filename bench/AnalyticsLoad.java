// Analytics query benchmark driver, run by bench/analytics.sh. JDK only.
//
//   java bench/AnalyticsLoad.java setup   BASE ADMIN OUT_FILE     account, 2 numbers, 10 templates,
//                                                                 insights; writes "token secret"
//   java bench/AnalyticsLoad.java project BASE TOKEN SECRET N D0  the dataset of N messages through
//                                                                 the real projection path
//   java bench/AnalyticsLoad.java bulk    N D0 CLICK_DAY OUT.sql  the same dataset's rollup rows as SQL
//   java bench/AnalyticsLoad.java compare BASE1 TOKEN1 BASE2 TOKEN2 D0
//   java bench/AnalyticsLoad.java time    BASE TOKEN D0
//
// The dataset: message i of N (a pure function of i, see gen()), sent evenly over
// [D0, D0 + SPAN), with its statuses, url-button clicks and quick replies. `project` pushes it
// through the HTTP API (registrations, signed status/message webhooks, GETs on tracked cta links);
// `bulk` folds the same messages into the rows the projectors would have written to the rollup
// tables that analytics and template_analytics read. The real path stamps a click with the server's
// clock, so `project` clicks land on today; `bulk` takes CLICK_DAY (that day, for the equivalence
// check) or -1 (each click at its modelled time: delivery + 30 min + 10 min per click).
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class AnalyticsLoad {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  static final String WABA = "102290129340398";
  static final String[] PHONES = {"106540352242922", "106540352242923"};
  static final String[] DISPLAY = {"15550783881", "15550783882"};
  static final int TEMPLATES = 10;
  static final long DAY = 86_400, HALF = 1_800;
  static final int DAYS = 90;
  /** Sending window: 90 days minus 4 h, so every status, click and reply stays inside the range. */
  static final long SPAN = DAYS * DAY - 4 * 3600;
  // countries, their weight (%) and a recipient prefix libphonenumber places there
  static final String[] COUNTRY = {"US", "BR", "IN", "GB", "DE", "MX", "ID", "IT"};
  static final int[] WEIGHT = {30, 20, 15, 8, 7, 8, 7, 5};
  static final String[] PREFIX = {
    "1650", "55119", "9198", "447700", "49151", "5255", "62812", "39347"
  };
  static final int[] DIGITS = {7, 8, 8, 6, 8, 8, 8, 7}; // digits after the prefix
  static final String BROWSER =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
          + " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

  static String templateId(int t) {
    return "14219880120885" + (10 + t);
  }

  static String urlText(int t) {
    return "Shop now " + t;
  }

  static String replyText(int t) {
    return "Stop promotions " + t;
  }

  /** One synthetic message and everything that happens to it. Times are unix seconds. */
  record Msg(
      int index,
      long sentAt,
      int phone,
      int country,
      int template, // -1: non-template (product type 2)
      long deliveredAt, // -1: never delivered
      long readAt, // -1: never read
      boolean billable, // pricing type regular (else free_entry_point / free_customer_service)
      int clicks, // url-button clicks
      long replyAt) { // quick-reply press, -1: none

    String id() {
      return "wamid.BENCH" + index;
    }

    String recipient() {
      String n = Long.toString(index);
      int d = DIGITS[country];
      if (n.length() > d) throw new IllegalStateException("too many messages for " + COUNTRY[country]);
      return PREFIX[country] + "0".repeat(d - n.length()) + n;
    }

    String category() {
      return template < 0 ? "service" : template < 7 ? "marketing" : "utility";
    }

    String pricing() {
      if (template < 0) {
        return "{\"billable\":false,\"pricing_model\":\"PMP\",\"category\":\"service\","
            + "\"type\":\"free_customer_service\"}";
      }
      return "{\"billable\":" + billable + ",\"pricing_model\":\"PMP\",\"category\":\""
          + category() + "\",\"type\":\"" + (billable ? "regular" : "free_entry_point") + "\"}";
    }

    long clickAt(int k) {
      return deliveredAt + 1800 + 600L * k;
    }

    /** Events: registration, sent status, delivered, read, clicks, quick reply. */
    int events() {
      return 2 + (deliveredAt >= 0 ? 1 : 0) + (readAt >= 0 ? 1 : 0) + clicks + (replyAt >= 0 ? 1 : 0);
    }
  }

  /** Message i of n: a pure function of (i, n, d0). */
  static Msg gen(int i, int n, long d0) {
    SplittableRandom r = new SplittableRandom(0x5DEECE66DL * (i + 1L));
    long sentAt = d0 + (long) ((double) i * SPAN / n);
    int phone = r.nextInt(2);
    int w = r.nextInt(100), country = 0;
    for (int acc = WEIGHT[0]; w >= acc; acc += WEIGHT[++country]) {}
    int template = r.nextInt(100) < 60 ? r.nextInt(TEMPLATES) : -1;
    long delivered = r.nextInt(100) < 90 ? sentAt + 5 + r.nextInt(600) : -1;
    long read = delivered >= 0 && r.nextInt(100) < 50 ? delivered + 60 + r.nextInt(7200) : -1;
    boolean billable = r.nextInt(10) != 0;
    int clicks = template >= 0 && delivered >= 0 && r.nextInt(100) < 20 ? 1 + r.nextInt(3) : 0;
    long reply = template >= 0 && delivered >= 0 && r.nextInt(100) < 10 ? delivered + 3600 : -1;
    return new Msg(i, sentAt, phone, country, template, delivered, read, billable, clicks, reply);
  }

  public static void main(String[] args) {
    try {
      switch (args[0]) {
        case "setup" -> setup(args[1], args[2], Path.of(args[3]));
        case "project" ->
            project(args[1], args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
        case "bulk" ->
            bulk(Integer.parseInt(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]),
                Path.of(args[4]));
        case "compare" -> compare(args[1], args[2], args[3], args[4], Long.parseLong(args[5]));
        case "time" -> time(args[1], args[2], Long.parseLong(args[3]));
        default -> throw new IllegalArgumentException(args[0]);
      }
      System.exit(0);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  // ------------------------------------------------------------------ setup

  static void setup(String base, String admin, Path out) throws Exception {
    String created = send(base + "/v1/accounts", admin, "{\"id\":\"" + WABA + "\",\"name\":\"Bench\"}", "POST").body();
    String token = field(created, "access_token");
    String secret = field(created, "app_secret");
    for (int p = 0; p < 2; p++) {
      send(base + "/v1/phone_numbers/" + PHONES[p], token,
          "{\"display_phone_number\":\"" + DISPLAY[p] + "\"}", "PUT");
    }
    for (int t = 0; t < TEMPLATES; t++) {
      send(base + "/v1/templates/" + templateId(t), token,
          "{\"name\":\"bench_" + t + "\",\"category\":\"" + (t < 7 ? "MARKETING" : "UTILITY")
              + "\",\"language\":\"en_US\",\"buttons\":[{\"type\":\"url\",\"text\":\""
              + urlText(t) + "\",\"url\":\"https://shop.example/t" + t + "\"},"
              + "{\"type\":\"quick_reply\",\"text\":\"" + replyText(t) + "\"}]}", "PUT");
    }
    String ok = send(base + "/" + WABA + "?is_enabled_for_insights=true", token, "", "POST").body();
    if (!ok.contains(WABA)) throw new AssertionError("insights: " + ok);
    Files.writeString(out, token + " " + secret + "\n");
  }

  // ------------------------------------------------------------------ the projection path

  static void project(String base, String token, String secret, int n, long d0) throws Exception {
    long t0 = System.nanoTime();
    List<String> statuses = new ArrayList<>(), replies = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    List<String> ctas = new ArrayList<>();
    List<Integer> ctaClicks = new ArrayList<>();
    long events = 0;
    for (int i = 0; i < n; i++) {
      Msg m = gen(i, n, d0);
      events += m.events();
      String body = "{\"message_id\":\"" + m.id() + "\",\"phone_number_id\":\"" + PHONES[m.phone()]
          + "\",\"recipient\":\"" + m.recipient() + "\",\"sent_at\":" + m.sentAt()
          + ",\"text\":\"Hi\""
          + (m.template() >= 0
              ? ",\"template_id\":\"" + templateId(m.template())
                  + "\",\"cta_urls\":[\"https://shop.example/t" + m.template() + "?m=" + i + "\"]"
              : "")
          + "}";
      if (m.clicks() > 0) { // registered alone, to read its tracked cta url
        String r = send(base + "/v1/messages", token, body, "POST").body();
        Matcher c = Pattern.compile("\"cta_urls\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(r);
        if (!c.find()) throw new AssertionError("no cta_urls in " + r);
        ctas.add(c.group(1));
        ctaClicks.add(m.clicks());
      } else {
        batch.add(body);
        if (batch.size() == 1000) flush(base, token, batch);
      }
      statuses.add(status(m, "sent", m.sentAt()));
      if (m.deliveredAt() >= 0) statuses.add(status(m, "delivered", m.deliveredAt()));
      if (m.readAt() >= 0) statuses.add(status(m, "read", m.readAt()));
      if (m.replyAt() >= 0) {
        replies.add("{\"_p\":" + m.phone() + ",\"context\":{\"from\":\"" + DISPLAY[m.phone()] + "\",\"id\":\"" + m.id()
            + "\"},\"from\":\"" + m.recipient() + "\",\"id\":\"wamid.IN" + i + "\",\"timestamp\":\""
            + m.replyAt() + "\",\"type\":\"button\",\"button\":{\"payload\":\"p\",\"text\":\""
            + replyText(m.template()) + "\"}}");
      }
    }
    flush(base, token, batch);
    Collections.shuffle(statuses, new Random(7)); // out of order, as Meta may deliver them
    int posts = 0;
    for (int phone = 0; phone < 2; phone++) {
      final int p = phone;
      List<String> mine = statuses.stream().filter(s -> s.contains("\"_p\":" + p)).toList();
      for (int from = 0; from < mine.size(); from += 500) {
        webhook(base, secret, p, "statuses", mine.subList(from, Math.min(mine.size(), from + 500)));
        posts++;
      }
    }
    for (int phone = 0; phone < 2; phone++) { // a reply arrives on the number that sent the message
      final String p = "{\"_p\":" + phone + ",";
      List<String> mine = replies.stream().filter(s -> s.startsWith(p)).map(s -> "{" + s.substring(p.length())).toList();
      for (int from = 0; from < mine.size(); from += 200) {
        webhook(base, secret, phone, "messages", mine.subList(from, Math.min(mine.size(), from + 200)));
        posts++;
      }
    }
    long clicks = 0;
    long dayBefore = Math.floorDiv(System.currentTimeMillis() / 1000, DAY) * DAY;
    for (int k = 0; k < ctas.size(); k++) {
      for (int j = 0; j < ctaClicks.get(k); j++) {
        HttpResponse<Void> r = HTTP.send(
            HttpRequest.newBuilder(URI.create(ctas.get(k))).header("User-Agent", BROWSER).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 302) throw new AssertionError(ctas.get(k) + " answered " + r.statusCode());
        clicks++;
      }
    }
    long dayAfter = Math.floorDiv(System.currentTimeMillis() / 1000, DAY) * DAY;
    if (dayBefore != dayAfter) throw new AssertionError("clicks crossed midnight UTC: run again");
    while (lag(base) != 0) Thread.sleep(50);
    System.out.printf(
        "projected: %d messages, %d statuses in %d webhook posts, %d quick replies, %d cta clicks"
            + " = %d events in %.1f s; click_day %d%n",
        n, statuses.size(), posts, replies.size(), clicks, events,
        (System.nanoTime() - t0) / 1e9, dayAfter);
  }

  static String status(Msg m, String status, long at) {
    // "_p" marks the phone for grouping; webhook() removes it
    return "{\"id\":\"" + m.id() + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + at
        + "\",\"recipient_id\":\"" + m.recipient() + "\",\"pricing\":" + m.pricing()
        + ",\"_p\":" + m.phone() + "}";
  }

  static void flush(String base, String token, List<String> batch) throws Exception {
    if (batch.isEmpty()) return;
    String r = send(base + "/v1/messages:batch", token,
        "{\"messages\":[" + String.join(",", batch) + "]}", "POST").body();
    if (r.contains("\"error\"")) throw new AssertionError("batch: " + r.substring(0, Math.min(600, r.length())));
    batch.clear();
  }

  static void webhook(String base, String secret, int phone, String field, List<String> items)
      throws Exception {
    List<String> clean = items.stream().map(s -> s.replaceAll(",\"_p\":\\d+}$", "}")).toList();
    byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + WABA
        + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
        + "{\"display_phone_number\":\"" + DISPLAY[phone] + "\",\"phone_number_id\":\""
        + PHONES[phone] + "\"},\"" + field + "\":[" + String.join(",", clean)
        + "]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp/" + WABA))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new AssertionError("webhook answered " + r.statusCode() + ": " + r.body());
  }

  // ------------------------------------------------------------------ the bulk path

  /**
   * Folds the dataset into the rollup rows, exactly as the projectors count (MessageRollup:
   * sent in the half-hour of sent_at, delivered in that of the first delivered-or-read status;
   * TemplateRollup: sent/delivered/read days, billable REGULAR deliveries per country and category
   * on the delivered day, url-button clicks and unique recipients per day; the inbound projector:
   * quick-reply presses per template, button text and day), and writes them as SQL.
   */
  static void bulk(int n, long d0, long clickDay, Path out) throws Exception {
    long t0 = System.nanoTime();
    int nb = DAYS * 48, nc = COUNTRY.length;
    long[] aSent = new long[nb * 2 * nc * 2], aDel = new long[aSent.length];
    long[] tSent = new long[TEMPLATES * DAYS], tDel = new long[tSent.length], tRead = new long[tSent.length];
    long[] cost = new long[TEMPLATES * DAYS * nc];
    long[] bClicks = new long[TEMPLATES * DAYS], bUniques = new long[bClicks.length];
    long[] qr = new long[TEMPLATES * DAYS];
    long events = 0, messages = 0, statuses = 0, clicks = 0, replies = 0;
    for (int i = 0; i < n; i++) {
      Msg m = gen(i, n, d0);
      events += m.events();
      messages++;
      statuses += 1 + (m.deliveredAt() >= 0 ? 1 : 0) + (m.readAt() >= 0 ? 1 : 0);
      int pt = m.template() < 0 ? 1 : 0; // index: 0 -> product type 0, 1 -> product type 2
      aSent[((half(m.sentAt(), d0) * 2 + m.phone()) * nc + m.country()) * 2 + pt]++;
      if (m.deliveredAt() >= 0) {
        aDel[((half(m.deliveredAt(), d0) * 2 + m.phone()) * nc + m.country()) * 2 + pt]++;
      }
      if (m.template() < 0) continue;
      int t = m.template();
      tSent[t * DAYS + day(m.sentAt(), d0)]++;
      if (m.deliveredAt() >= 0) {
        int dd = day(m.deliveredAt(), d0);
        tDel[t * DAYS + dd]++;
        if (m.billable()) cost[(t * DAYS + dd) * nc + m.country()]++;
      }
      if (m.readAt() >= 0) tRead[t * DAYS + day(m.readAt(), d0)]++;
      int lastDay = -1; // every message has its own recipient: unique = first click of it that day
      for (int k = 0; k < m.clicks(); k++) {
        int cd = clickDay >= 0 ? (int) ((clickDay - d0) / DAY) : day(m.clickAt(k), d0);
        bClicks[t * DAYS + cd]++;
        if (cd != lastDay) bUniques[t * DAYS + cd]++;
        lastDay = cd;
        clicks++;
      }
      if (m.replyAt() >= 0) {
        qr[t * DAYS + day(m.replyAt(), d0)]++;
        replies++;
      }
    }
    long[] rows = new long[6];
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("PRAGMA journal_mode=WAL;\nBEGIN;");
      Rows ar = new Rows(w, "analytics_rollup (account_id, bucket, phone_number_id, country,"
          + " product_type, sent, delivered)");
      for (int b = 0; b < nb; b++)
        for (int p = 0; p < 2; p++)
          for (int c = 0; c < nc; c++)
            for (int pt = 0; pt < 2; pt++) {
              int k = ((b * 2 + p) * nc + c) * 2 + pt;
              if (aSent[k] == 0 && aDel[k] == 0) continue;
              ar.add("'" + WABA + "'," + (d0 + b * HALF) + ",'" + PHONES[p] + "','" + COUNTRY[c]
                  + "'," + (pt == 0 ? 0 : 2) + "," + aSent[k] + "," + aDel[k]);
            }
      rows[0] = ar.close();
      // the daily rows are the sums of the half-hour rows of each day, as the projector keeps them
      w.println(
          "INSERT INTO analytics_daily SELECT account_id, bucket / 86400 * 86400, phone_number_id,"
              + " country, product_type, SUM(sent), SUM(delivered) FROM analytics_rollup"
              + " GROUP BY account_id, bucket / 86400 * 86400, phone_number_id, country,"
              + " product_type;");
      Rows tr = new Rows(w, "template_rollup (account_id, template_id, day, sent, delivered, reads)");
      Rows cr = new Rows(w, "template_cost_rollup (account_id, template_id, day, country, category,"
          + " messages)");
      Rows br = new Rows(w, "template_button_rollup (account_id, template_id, button_index, day,"
          + " clicks, uniques)");
      Rows qrr = new Rows(w, "quick_reply_clicks (account_id, template_id, button_text, day, clicks)");
      for (int t = 0; t < TEMPLATES; t++)
        for (int d = 0; d < DAYS; d++) {
          int k = t * DAYS + d;
          String pre = "'" + WABA + "','" + templateId(t) + "',";
          long dayStart = d0 + d * DAY;
          if (tSent[k] + tDel[k] + tRead[k] > 0)
            tr.add(pre + dayStart + "," + tSent[k] + "," + tDel[k] + "," + tRead[k]);
          for (int c = 0; c < nc; c++)
            if (cost[k * nc + c] > 0)
              cr.add(pre + dayStart + ",'" + COUNTRY[c] + "','" + (t < 7 ? "MARKETING" : "UTILITY")
                  + "'," + cost[k * nc + c]);
          if (bClicks[k] > 0) br.add(pre + "0," + dayStart + "," + bClicks[k] + "," + bUniques[k]);
          if (qr[k] > 0) qrr.add(pre + "'" + replyText(t) + "'," + dayStart + "," + qr[k]);
        }
      rows[1] = tr.close();
      rows[2] = cr.close();
      rows[3] = br.close();
      rows[4] = qrr.close();
      w.println("COMMIT;");
    }
    System.out.printf(
        "bulk: %d events (%d messages, %d statuses, %d url-button clicks, %d quick replies),"
            + " folded in %.1f s%n",
        events, messages, statuses, clicks, replies, (System.nanoTime() - t0) / 1e9);
    System.out.printf(
        "rows: analytics_rollup %d, template_rollup %d, template_cost_rollup %d,"
            + " template_button_rollup %d, quick_reply_clicks %d%n",
        rows[0], rows[1], rows[2], rows[3], rows[4]);
  }

  static int half(long at, long d0) {
    return (int) ((at - d0) / HALF);
  }

  static int day(long at, long d0) {
    return (int) ((at - d0) / DAY);
  }

  /** Multi-row INSERTs of 500 rows, kept until close() so that tables can be filled in turn. */
  static final class Rows {
    final PrintWriter out;
    final StringBuilder w = new StringBuilder();
    final String into;
    long count;
    int inStmt;

    Rows(PrintWriter out, String into) {
      this.out = out;
      this.into = into;
    }

    void add(String values) {
      w.append(inStmt == 0 ? "INSERT INTO " + into + " VALUES\n(" : ",\n(");
      w.append(values).append(')');
      count++;
      if (++inStmt == 500) {
        w.append(";\n");
        inStmt = 0;
      }
    }

    long close() {
      if (inStmt > 0) w.append(";\n");
      inStmt = 0;
      out.print(w);
      w.setLength(0);
      return count;
    }
  }

  // ------------------------------------------------------------------ the queries

  static String analyticsUrl(String base, long d0) {
    return base + "/v21.0/" + WABA + "?fields=analytics.start(" + d0 + ").end(" + (d0 + DAYS * DAY)
        + ").granularity(DAY)";
  }

  static String templatesUrl(String base, long d0) {
    StringBuilder ids = new StringBuilder();
    for (int t = 0; t < TEMPLATES; t++) ids.append(t == 0 ? "" : "%2C").append(templateId(t));
    return base + "/v21.0/" + WABA + "/template_analytics?start=" + d0 + "&end=" + (d0 + DAYS * DAY)
        + "&granularity=daily&template_ids=%5B" + ids + "%5D&limit=1000";
  }

  static void compare(String b1, String tok1, String b2, String tok2, long d0) throws Exception {
    String a1 = get(analyticsUrl(b1, d0), tok1), a2 = get(analyticsUrl(b2, d0), tok2);
    String t1 = stripPaging(get(templatesUrl(b1, d0), tok1));
    String t2 = stripPaging(get(templatesUrl(b2, d0), tok2));
    if (t1.contains("\"after\"") || !t1.contains("\"data_points\"")) {
      throw new AssertionError("template_analytics not in one page: " + t1.substring(0, 300));
    }
    int points = t1.split("\"template_id\"").length - 1;
    System.out.printf("analytics DAY: %d bytes vs %d; template_analytics: %d data points, %d bytes vs %d%n",
        a1.length(), a2.length(), points, t1.length(), t2.length());
    boolean ok = a1.equals(a2) && t1.equals(t2) && points == TEMPLATES * DAYS;
    if (!ok) {
      Files.writeString(Path.of("compare-projection-analytics.json"), a1);
      Files.writeString(Path.of("compare-bulk-analytics.json"), a2);
      Files.writeString(Path.of("compare-projection-templates.json"), t1);
      Files.writeString(Path.of("compare-bulk-templates.json"), t2);
      System.out.println("equivalence: FAILED (answers written to compare-*.json)");
      System.exit(1);
    }
    System.out.println("equivalence: ok");
  }

  static String stripPaging(String json) {
    return json.replaceAll(",\"paging\":\\{.*\\}\\}$", "}");
  }

  static void time(String base, String token, long d0) throws Exception {
    String[][] targets = {
      {"GET /healthz (baseline)", base + "/healthz"},
      {"analytics DAY, 90 days", analyticsUrl(base, d0)},
      {"template_analytics, 10 templates x 90 days", templatesUrl(base, d0)},
    };
    int warm = Integer.parseInt(env("WARMUP_REQUESTS", "20"));
    int reqs = Integer.parseInt(env("REQUESTS", "200"));
    System.out.println("| request | bytes | p50 ms | p90 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String[] t : targets) {
      int bytes = 0;
      for (int i = 0; i < warm; i++) bytes = get(t[1], token).length();
      double[] ms = new double[reqs];
      for (int i = 0; i < reqs; i++) {
        long s = System.nanoTime();
        get(t[1], token);
        ms[i] = (System.nanoTime() - s) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf("| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", t[0], bytes,
          pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1]);
    }
  }

  /** Nearest-rank percentile. */
  static double pct(double[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  // ------------------------------------------------------------------ HTTP

  static String get(String url, String token) throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  static long lag(String base) throws Exception {
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^clicktrail_event_log_lag\\S* (\\S+)$").matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }

  static HttpResponse<String> send(String url, String token, String json, String method)
      throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
    return m.group(1);
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
