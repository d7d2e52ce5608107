package io.clicktrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of the real jar: clicks that got their 302 survive {@code kill -9} and SIGTERM, and
 * the projections count each stored click exactly once after the restart.
 */
class CrashIT {
  private static final Pattern CLICK_ID = Pattern.compile("[?&]click_id=([A-Za-z0-9_-]+)");
  private static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36";
  private static final String ADMIN = "t";
  private static final int THREADS = 16;

  @TempDir Path dir;
  private final List<JarProcess> started = new ArrayList<>();
  private final HttpClient http = JarProcess.http();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (JarProcess p : started) {
      p.kill();
    }
  }

  private JarProcess startJar(String name) throws IOException {
    JarProcess p = JarProcess.start(dir, name, ADMIN);
    started.add(p);
    return p;
  }

  /** A campaign: an account, a number and 20 messages of two links each. */
  private record Campaign(String token, List<String> messageIds, List<String> trackedUrls) {}

  private Campaign seed(JarProcess c) throws IOException {
    String token =
        JarProcess.json(c.send("POST", "/v1/accounts", ADMIN, Map.of("name", "Acme")), 201)
            .get("access_token")
            .asText();
    JarProcess.json(
        c.send(
            "PUT",
            "/v1/phone_numbers/106540352242922",
            token,
            Map.of("display_phone_number", "15550783881")),
        200);
    List<String> ids = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "wamid.CRASH" + i;
      JsonNode m =
          JarProcess.json(
              c.send(
                  "POST",
                  "/v1/messages",
                  token,
                  Map.of(
                      "message_id",
                      id,
                      "phone_number_id",
                      "106540352242922",
                      "recipient",
                      "1650555" + (1000 + i),
                      "text",
                      "Sale https://shop.example/p/" + i + " or https://shop.example/s?m=" + i)),
              201);
      ids.add(id);
      m.get("links").forEach(l -> urls.add(l.get("tracked_url").asText()));
    }
    return new Campaign(token, ids, urls);
  }

  /** What the clicking threads saw. */
  private record Fired(Set<String> answered, List<String> unexpected, double seconds) {}

  /**
   * Clicks from {@link #THREADS} threads for about two seconds, then runs {@code stop} while the
   * threads are still clicking; records every click id a 302 carried.
   */
  private Fired clickThenStop(Campaign campaign, Runnable stop) throws InterruptedException {
    Set<String> answered = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new ArrayList<>();
    AtomicBoolean stopping = new AtomicBoolean();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (int t = 0; t < THREADS; t++) {
      pool.submit(
          () -> {
            while (true) {
              List<String> urls = campaign.trackedUrls();
              String url = urls.get(ThreadLocalRandom.current().nextInt(urls.size()));
              HttpRequest request =
                  HttpRequest.newBuilder(URI.create(url))
                      .header("User-Agent", BROWSER)
                      .timeout(Duration.ofSeconds(20))
                      .build();
              try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                String location = r.headers().firstValue("Location").orElse("");
                Matcher m = CLICK_ID.matcher(location);
                if (r.statusCode() == 302 && m.find()) {
                  answered.add(m.group(1));
                } else if (!stopping.get()) {
                  synchronized (unexpected) {
                    unexpected.add(r.statusCode() + " " + location);
                  }
                }
              } catch (IOException e) {
                if (stopping.get()) {
                  return;
                }
                synchronized (unexpected) {
                  unexpected.add(e.toString());
                }
              } catch (InterruptedException e) {
                return;
              }
            }
          });
    }
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> answered.size() > 100);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int beforeStop = answered.size();
    stopping.set(true);
    stop.run();
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("clicking threads end").isTrue();
    System.out.printf(
        "clicks answered: %d in %.2f s before the stop (%.0f clicks/s), %d in all%n",
        beforeStop, seconds, beforeStop / seconds, answered.size());
    return new Fired(answered, unexpected, seconds);
  }

  /** Waits until the restarted server has projected its whole log. */
  private void awaitProjected(JarProcess c) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              String metrics = c.send("GET", "/metrics", null, null).body();
              Matcher m =
                  Pattern.compile("(?m)^clicktrail_event_log_lag\\S* (\\S+)$").matcher(metrics);
              return m.find() && Double.parseDouble(m.group(1)) == 0.0;
            });
  }

  private List<JsonNode> allClicks(JarProcess c, String token) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    String after = "";
    do {
      JsonNode page =
          JarProcess.json(c.send("GET", "/v1/clicks?limit=1000" + after, token, null), 200);
      page.get("data").forEach(all::add);
      JsonNode next = page.path("paging").path("cursors").get("after");
      after = next == null ? null : "&after=" + next.asText();
    } while (after != null);
    return all;
  }

  /** Every answered click is stored once, and the counters agree with the stored clicks. */
  private void assertRecovered(JarProcess c, Campaign campaign, Fired fired) throws IOException {
    awaitProjected(c);
    List<JsonNode> stored = allClicks(c, campaign.token());
    List<String> ids = stored.stream().map(n -> n.get("click_id").asText()).toList();
    assertThat(ids).doesNotHaveDuplicates().containsAll(fired.answered());
    Map<String, Integer> humanPerLink = new HashMap<>();
    for (JsonNode click : stored) {
      assertThat(click.get("classification").asText()).isEqualTo("human");
      humanPerLink.merge(
          click.get("message_id").asText() + "#" + click.get("link_index").asText(),
          1,
          Integer::sum);
    }
    int counted = 0;
    for (String id : campaign.messageIds()) {
      JsonNode m =
          JarProcess.json(c.send("GET", "/v1/messages/" + id, campaign.token(), null), 200);
      JsonNode linkData = m.get("link_data");
      int uniques = 0;
      for (int i = 0; i < linkData.size(); i++) {
        int count = linkData.get(i).get("count").asInt();
        assertThat(count)
            .as("%s link %d", id, i)
            .isEqualTo(humanPerLink.getOrDefault(id + "#" + i, 0));
        counted += count;
        uniques += count > 0 ? 1 : 0;
      }
      assertThat(m.get("unique_clicks").asInt()).as("%s unique clicks", id).isEqualTo(uniques);
    }
    assertThat(counted).isEqualTo(stored.size());
    System.out.printf(
        "stored %d clicks (%d answered, %d appended without an answer)%n",
        stored.size(), fired.answered().size(), stored.size() - fired.answered().size());
  }

  @Test
  void kill9WhileClicking_losesNoAnsweredClick_andCountsEachStoredClickOnce() throws Exception {
    JarProcess first = startJar("first");
    Campaign campaign = seed(first);

    Fired fired =
        clickThenStop(
            campaign,
            () -> {
              first.process().destroyForcibly();
              try {
                first.process().waitFor(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    assertThat(fired.unexpected()).as("answers other than 302 before the kill").isEmpty();
    assertThat(first.process().exitValue()).isEqualTo(137);
    assertRecovered(startJar("second"), campaign, fired);
  }

  @Test
  void sigtermWhileClicking_exitsZeroWithin15s_andLosesNoAnsweredClick() throws Exception {
    JarProcess first = startJar("first");
    Campaign campaign = seed(first);
    boolean[] exited = new boolean[1];

    Fired fired =
        clickThenStop(
            campaign,
            () -> {
              first.process().destroy();
              try {
                exited[0] = first.process().waitFor(15, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    assertThat(exited[0]).as("exited within 15 s of SIGTERM").isTrue();
    assertThat(fired.unexpected()).as("answers other than 302 before SIGTERM").isEmpty();
    assertRecovered(startJar("second"), campaign, fired);
    assertThat(first.process().exitValue()).as("exit status after SIGTERM").isZero();
  }
}
