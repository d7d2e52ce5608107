// Inbound WhatsApp webhook benchmark, run by bench/inbound.sh against a running Clicktrail.
// JDK only (java bench/InboundLoad.java BASE_URL ADMIN_TOKEN).
//
// Builds PAYLOADS signed webhook bodies of STATUSES statuses each (a third sent with
// conversation and pricing, a third delivered, a third read, for messages Clicktrail has never
// seen, so each also creates its message), posts them from CONCURRENCY connections (at RATE
// payloads/s when set, else as fast as they are answered), and reports
// statuses/s acknowledged (200 = durably in the event log) and the projection lag: how long after
// the last 200 the event log's slowest consumer caught up, and the largest lag seen.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class InboundLoad {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String WABA = "102290129340398";
  static final String PHONE = "106540352242922";

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.exit(1); // also stops the pools' threads
    }
  }

  static void run(String[] args) throws Exception {
    String base = args[0];
    String admin = args[1];
    int payloads = Integer.parseInt(env("PAYLOADS", "200"));
    int statuses = Integer.parseInt(env("STATUSES", "1000"));
    int concurrency = Integer.parseInt(env("CONCURRENCY", "4"));
    int warmup = Integer.parseInt(env("WARMUP_PAYLOADS", "30"));
    double rate = Double.parseDouble(env("RATE", "0")); // payloads/s, 0 = as fast as possible

    HttpResponse<String> created =
        send(base + "/v1/accounts", admin, "{\"id\":\"" + WABA + "\",\"name\":\"Bench\"}");
    String token = field(created.body(), "access_token");
    String secret = field(created.body(), "app_secret");
    send(
        base + "/v1/phone_numbers/" + PHONE,
        token,
        "{\"display_phone_number\":\"15550783881\"}",
        "PUT");

    List<byte[]> bodies = new ArrayList<>();
    for (int p = 0; p < warmup + payloads; p++) {
      bodies.add(payload(p, statuses));
    }
    List<String> signatures = new ArrayList<>();
    for (byte[] body : bodies) {
      signatures.add("sha256=" + hmacHex(secret, body));
    }
    String url = base + "/webhooks/whatsapp/" + WABA;
    System.out.printf(
        "payload bytes: %d (%d statuses each)%n", bodies.get(0).length, statuses);

    // the same-run baseline: the same client posting the same bodies to a receiver that reads
    // each body and answers 200 (no signature check, no parsing, nothing stored)
    com.sun.net.httpserver.HttpServer sink =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
    sink.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
          }
        });
    sink.setExecutor(Executors.newFixedThreadPool(concurrency));
    sink.start();
    String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/";
    post(sinkUrl, bodies.subList(0, warmup), signatures.subList(0, warmup), concurrency, 0);
    long b0 = System.nanoTime();
    post(sinkUrl, bodies.subList(warmup, bodies.size()), signatures.subList(warmup, bodies.size()),
        concurrency, 0);
    double baselineSeconds = (System.nanoTime() - b0) / 1e9;
    sink.stop(0);
    System.out.printf(
        "baseline no-op receiver statuses_per_s=%.0f (same client, same bodies)%n",
        (double) payloads * statuses / baselineSeconds);

    post(url, bodies.subList(0, warmup), signatures.subList(0, warmup), concurrency, 0);
    awaitCaughtUp(base, new AtomicLong());

    AtomicLong maxLag = new AtomicLong();
    Thread sampler = Thread.ofVirtual().start(() -> sampleLag(base, maxLag));
    long t0 = System.nanoTime();
    post(
        url,
        bodies.subList(warmup, bodies.size()),
        signatures.subList(warmup, bodies.size()),
        concurrency,
        rate);
    long acked = System.nanoTime();
    awaitCaughtUp(base, maxLag);
    long caughtUp = System.nanoTime();
    sampler.interrupt();
    // spot check: the last message with all three statuses was created and reached read
    long last = ((long) (warmup + payloads) * statuses - 3) / 3;
    String view =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/messages/wamid.BENCH" + last))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    if (!view.contains("\"status\":\"read\"")) {
      throw new IllegalStateException("wamid.BENCH" + last + " is not read: " + view);
    }
    double seconds = (acked - t0) / 1e9;
    long total = (long) payloads * statuses;
    System.out.printf(
        "ingest rate=%s statuses=%d payloads=%d concurrency=%d seconds=%.2f statuses_per_s=%.0f"
            + " end_to_end_statuses_per_s=%.0f lag_after_last_ack_s=%.2f max_lag_events=%d%n",
        rate > 0 ? (long) (rate * statuses) + "/s" : "max", total, payloads, concurrency, seconds, total / seconds,
        total / ((caughtUp - t0) / 1e9), (caughtUp - acked) / 1e9, maxLag.get());
  }

  static byte[] payload(int p, int statuses) {
    StringBuilder b = new StringBuilder();
    b.append("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"").append(WABA)
        .append("\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":")
        .append("{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"").append(PHONE)
        .append("\"},\"statuses\":[");
    long ts = 1_750_000_000L + p;
    for (int i = 0; i < statuses; i++) {
      long g = (long) p * statuses + i; // statuses numbered across payloads, three per message
      long message = g / 3;
      String status = switch ((int) (g % 3)) { case 0 -> "sent"; case 1 -> "delivered"; default -> "read"; };
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":\"wamid.BENCH").append(message).append("\",\"status\":\"").append(status)
          .append("\",\"timestamp\":\"").append(ts + i % 3).append("\",\"recipient_id\":\"1")
          .append(6505550000L + message % 100000).append('"');
      if (status.equals("sent")) {
        b.append(",\"conversation\":{\"id\":\"CONV").append(message)
            .append("\",\"expiration_timestamp\":\"").append(ts + 86400)
            .append("\",\"origin\":{\"type\":\"marketing\"}},\"pricing\":{\"billable\":true,")
            .append("\"pricing_model\":\"PMP\",\"category\":\"marketing\",\"type\":\"regular\"}");
      }
      b.append('}');
    }
    b.append("]},\"field\":\"messages\"}]}]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void post(
      String url, List<byte[]> bodies, List<String> signatures, int concurrency, double rate)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < bodies.size(); i++) {
        if (rate > 0) {
          long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        byte[] body = bodies.get(i);
        String signature = signatures.get(i);
        done.add(
            pool.submit(
                () -> {
                  HttpResponse<String> r =
                      HTTP.send(
                          HttpRequest.newBuilder(URI.create(url))
                              .header("Content-Type", "application/json")
                              .header("X-Hub-Signature-256", signature)
                              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() != 200) {
                    throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  static long lag(String base) throws Exception {
    String metrics =
        HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("(?m)^clicktrail_event_log_lag\\S* (\\S+)$").matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }

  static void sampleLag(String base, AtomicLong max) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        max.accumulateAndGet(lag(base), Math::max);
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void awaitCaughtUp(String base, AtomicLong max) throws Exception {
    long lag;
    while ((lag = lag(base)) != 0) {
      max.accumulateAndGet(lag, Math::max);
      Thread.sleep(20);
    }
  }

  static HttpResponse<String> send(String url, String token, String json) throws Exception {
    return send(url, token, json, "POST");
  }

  static HttpResponse<String> send(String url, String token, String json, String method)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static String hmacHex(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
