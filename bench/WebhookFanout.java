// Webhook fan-out benchmark, run by bench/webhooks.sh against a running Clicktrail started with
// --webhook-allow-private true. JDK only (java bench/WebhookFanout.java BASE_URL ADMIN_TOKEN).
//
// After WARMUP_CLICKS unmeasured clicks, phase 1 (throughput): CLICKS clicks on links of an
// account with RECEIVERS CloudEvents subscriptions, one per loopback receiver; deliveries/s over
// the whole fan-out and the click-to-delivery latency (click sent -> POST received, by click_id).
// Phase 2 (latency under load): wrk drives redirects of a second account (no subscribers) at
// LOAD_RATE/s while this program clicks subscribed links at TRICKLE/s; click-to-delivery
// latency of those deliveries.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WebhookFanout {
  static final String UA =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  static final Pattern CLICK_ID_QUERY = Pattern.compile("[?&]click_id=([A-Za-z0-9_-]+)");
  static final Pattern CLICK_ID_BODY = Pattern.compile("\"click_id\":\"([A-Za-z0-9_-]+)\"");
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  static String base;
  static String admin;
  static final Map<String, Long> clickSentNanos = new ConcurrentHashMap<>();
  static final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  static final AtomicLong deliveries = new AtomicLong();
  static volatile long firstDelivery;
  static volatile long lastDelivery;

  public static void main(String[] args) throws Exception {
    base = args[0];
    admin = args[1];
    int receivers = Integer.parseInt(env("RECEIVERS", "10"));
    int clicks = Integer.parseInt(env("CLICKS", "5000"));
    int concurrency = Integer.parseInt(env("CLICK_CONCURRENCY", "32"));
    int loadRate = Integer.parseInt(env("LOAD_RATE", "0"));
    int trickle = Integer.parseInt(env("TRICKLE", "100"));
    int loadSeconds = Integer.parseInt(env("LOAD_SECONDS", "20"));
    Path work = Path.of(env("WORK", "/tmp"));

    List<HttpServer> servers = new ArrayList<>();
    for (int i = 0; i < receivers; i++) {
      servers.add(receiver());
    }
    String subscribed = account("Fan-out");
    for (HttpServer s : servers) {
      String url = "http://127.0.0.1:" + s.getAddress().getPort() + "/hooks";
      String body =
          "{\"url\":\"" + url + "\",\"format\":\"cloudevents\",\"events\":[\"link_clicked\"]}";
      expect(post("/v1/webhooks", subscribed, body), 201);
    }
    int warmup = Integer.parseInt(env("WARMUP_CLICKS", "2000"));
    List<String> links = links(subscribed, "fan", clicks + warmup);

    // warm-up (JIT, caches), not measured
    fire(links.subList(clicks, clicks + warmup), concurrency, 0);
    awaitDeliveries((long) warmup * receivers, Duration.ofMinutes(10));
    latencies.clear();
    deliveries.set(0);

    // phase 1
    long t0 = System.nanoTime();
    fire(links.subList(0, clicks), concurrency, 0);
    long clicked = System.nanoTime();
    long expected = (long) clicks * receivers;
    awaitDeliveries(expected, Duration.ofMinutes(10));
    long done = System.nanoTime();
    System.out.printf(
        "phase1 clicks=%d receivers=%d deliveries=%d click_seconds=%.2f fanout_seconds=%.2f"
            + " deliveries_per_s=%.0f first_to_last_delivery_per_s=%.0f %s%n",
        clicks,
        receivers,
        deliveries.get(),
        (clicked - t0) / 1e9,
        (done - t0) / 1e9,
        deliveries.get() / ((done - t0) / 1e9),
        deliveries.get() / ((lastDelivery - firstDelivery) / 1e9),
        percentiles());

    baseline(servers, work);
    if (loadRate <= 0) {
      System.exit(0);
    }
    // phase 2
    latencies.clear();
    deliveries.set(0);
    String idle = account("Redirect load");
    List<String> loadLinks = links(idle, "load", 400);
    Path lua = work.resolve("load.lua");
    // each connection waits 10 ms after an answer, and an answer takes ~2.5 ms under this load
    int connections = Math.max(1, loadRate / 80);
    StringBuilder script = new StringBuilder("local urls = {\n");
    for (String l : loadLinks) {
      script.append("  \"").append(URI.create(l).getRawPath()).append("\",\n");
    }
    script.append(
        "}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
            + "  return wrk.format(\"GET\", urls[(i % #urls) + 1])\nend\n"
            + "delay = function() return 10 end\n");
    Files.writeString(lua, script);
    Process wrk =
        new ProcessBuilder(
                "wrk", "-t1", "-c" + connections, "-d" + (loadSeconds + 5) + "s", "--latency",
                "-H", "User-Agent: " + UA, "-s", lua.toString(), base)
            .redirectOutput(work.resolve("wrk-load.txt").toFile())
            .redirectErrorStream(true)
            .start();
    Thread.sleep(5000); // let the load settle before measuring
    List<String> trickleLinks = links(subscribed, "trickle", trickle * loadSeconds);
    long p2 = System.nanoTime();
    fire(trickleLinks, 8, trickle);
    awaitDeliveries((long) trickleLinks.size() * receivers, Duration.ofMinutes(5));
    double seconds = (System.nanoTime() - p2) / 1e9;
    wrk.waitFor();
    String wrkOut = Files.readString(work.resolve("wrk-load.txt"));
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(wrkOut);
    System.out.printf(
        "phase2 load_target=%d load_rps=%s trickle=%d/s deliveries=%d seconds=%.1f %s%n",
        loadRate,
        rps.find() ? rps.group(1) : "?",
        trickle,
        deliveries.get(),
        seconds,
        percentiles());
    System.exit(0);
  }

  /**
   * The same-run baseline: how many POSTs/s of a 600-byte JSON body wrk gets answered by one of
   * these receivers over 64 connections, with nothing else running: the ceiling the receivers and
   * this machine put on any sender.
   */
  static void baseline(List<HttpServer> servers, Path work) throws Exception {
    Path lua = work.resolve("post.lua");
    Files.writeString(
        lua,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.body = '{\"data\":\""
            + "x".repeat(580)
            + "\"}'\n");
    String url = "http://127.0.0.1:" + servers.get(0).getAddress().getPort() + "/hooks";
    Process wrk =
        new ProcessBuilder("wrk", "-t1", "-c64", "-d5s", "-s", lua.toString(), url)
            .redirectErrorStream(true)
            .start();
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    System.out.printf("baseline receiver_posts_per_s=%s (wrk -c64, one receiver)%n", rps.find() ? rps.group(1) : "?");
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static HttpServer receiver() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    s.createContext(
        "/",
        ex -> {
          try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (ex.getRequestMethod().equals("OPTIONS")) {
              ex.getResponseHeaders().add("WebHook-Allowed-Origin", "*");
              ex.sendResponseHeaders(200, -1);
              return;
            }
            long now = System.nanoTime();
            Matcher m = CLICK_ID_BODY.matcher(new String(body, StandardCharsets.UTF_8));
            if (m.find()) {
              Long sent = clickSentNanos.get(m.group(1));
              if (sent != null) {
                latencies.add(now - sent);
              }
            }
            if (deliveries.incrementAndGet() == 1) {
              firstDelivery = now;
            }
            lastDelivery = now;
            ex.sendResponseHeaders(200, -1);
          }
        });
    s.setExecutor(Executors.newFixedThreadPool(4));
    s.start();
    return s;
  }

  static void fire(List<String> links, int concurrency, int perSecond) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    long start = System.nanoTime();
    for (int i = 0; i < links.size(); i++) {
      if (perSecond > 0) {
        long due = start + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      slots.acquire();
      String link = links.get(i);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  long sent = System.nanoTime();
                  HttpResponse<Void> r =
                      HTTP.send(
                          HttpRequest.newBuilder(URI.create(link)).header("User-Agent", UA).build(),
                          HttpResponse.BodyHandlers.discarding());
                  Matcher m = CLICK_ID_QUERY.matcher(r.headers().firstValue("Location").orElse(""));
                  if (r.statusCode() != 302 || !m.find()) {
                    throw new IllegalStateException("click answered " + r.statusCode());
                  }
                  clickSentNanos.put(m.group(1), sent);
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                } finally {
                  slots.release();
                }
              });
    }
    slots.acquire(concurrency);
    slots.release(concurrency);
  }

  static void awaitDeliveries(long expected, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (deliveries.get() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + deliveries.get() + " of " + expected + " deliveries arrived");
      }
      Thread.sleep(20);
    }
  }

  static String percentiles() {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return "latency=none";
    }
    return String.format(
        "latency_ms_p50=%.1f p90=%.1f p99=%.1f max=%.1f samples=%d",
        at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6,
        sorted.size());
  }

  static double at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1e6;
  }

  static String account(String name) throws Exception {
    HttpResponse<String> r = post("/v1/accounts", admin, "{\"name\":\"" + name + "\"}");
    expect(r, 201);
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
    m.find();
    return m.group(1);
  }

  /** Registers {@code count} email messages of one link each; returns their tracked URLs. */
  static List<String> links(String token, String prefix, int count) throws Exception {
    List<String> urls = new ArrayList<>();
    Pattern tracked = Pattern.compile("\"tracked_url\":\"([^\"]+)\"");
    for (int from = 0; from < count; from += 500) {
      StringBuilder batch = new StringBuilder("{\"messages\":[");
      for (int i = from; i < Math.min(count, from + 500); i++) {
        batch
            .append(i == from ? "" : ",")
            .append("{\"message_id\":\"")
            .append(prefix)
            .append('-')
            .append(i)
            .append("\",\"channel\":\"email\",\"recipient\":\"r")
            .append(i)
            .append("@example.com\",\"html\":\"<a href=\\\"https://shop.example/p/")
            .append(i)
            .append("\\\">p</a>\"}");
      }
      HttpResponse<String> r = post("/v1/messages:batch", token, batch.append("]}").toString());
      expect(r, 200);
      Matcher m = tracked.matcher(r.body());
      while (m.find()) {
        urls.add(m.group(1));
      }
    }
    return urls;
  }

  static HttpResponse<String> post(String path, String token, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
  }
}
