package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of the real jar for inbound webhooks: a payload that got its 200 survives {@code kill
 * -9}, and after the restart it is in the read models exactly once.
 */
class InboundCrashIT {
  private static final String ADMIN = "t";
  private static final String USER = "16505551234";

  @TempDir Path dir;
  private final List<JarProcess> started = new ArrayList<>();

  @BeforeEach
  void needsTheJar() {
    // run by failsafe after package; a surefire run selecting this package skips it
    assumeTrue(System.getProperty("clicktrail.jar") != null, "system property clicktrail.jar");
  }

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

  /** The account's id and app secret. */
  private record Account(String id, String token, String secret) {}

  private static Account seed(JarProcess c) {
    JsonNode a =
        JarProcess.json(
            c.send("POST", "/v1/accounts", ADMIN, Map.of("id", Fixtures.ACME_ID, "name", "Acme")),
            201);
    return new Account(
        a.get("id").asText(), a.get("access_token").asText(), a.get("app_secret").asText());
  }

  /** Payload {@code n}: one status of an unknown message and one inbound message. */
  private static byte[] payload(int n) {
    ObjectNode value = Inbound.value();
    value
        .putArray("statuses")
        .add(Inbound.status("wamid.OUT" + n, "sent", 1_750_000_000L + n, USER));
    ObjectNode contact = value.putArray("contacts").addObject();
    contact.putObject("profile").put("name", "Sheena");
    contact.put("wa_id", USER);
    value
        .putArray("messages")
        .add(Inbound.textMessage("wamid.IN" + n, USER, 1_750_000_000L + n, "m" + n));
    return Inbound.envelope(Fixtures.ACME_ID, value).toString().getBytes(UTF_8);
  }

  private static int post(JarProcess c, Account account, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(c.baseUrl() + "/webhooks/whatsapp/" + account.id()))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", Inbound.sign(account.secret(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return JarProcess.http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void awaitProjected(JarProcess c) {
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

  private long count(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/clicktrail.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every acknowledged payload is projected, each exactly once. */
  private void assertProjected(JarProcess c, Account account, Set<Integer> acknowledged)
      throws SQLException {
    awaitProjected(c);
    for (int n : acknowledged) {
      JsonNode m =
          JarProcess.json(c.send("GET", "/v1/messages/wamid.OUT" + n, account.token(), null), 200);
      assertThat(m.get("statuses").get("sent").asLong()).isEqualTo(1_750_000_000L + n);
      assertThat(count("SELECT COUNT(*) FROM inbound_messages WHERE id = 'wamid.IN" + n + "'"))
          .isEqualTo(1);
    }
    // nothing counted twice: as many rows as distinct payloads stored
    assertThat(count("SELECT COUNT(*) FROM message_statuses"))
        .isEqualTo(count("SELECT COUNT(*) FROM inbound_messages"))
        .isGreaterThanOrEqualTo(acknowledged.size());
  }

  @Test
  void kill9RightAfterEach200_losesNothingAcknowledged() throws Exception {
    Set<Integer> acknowledged = new java.util.TreeSet<>();
    Account account = null;
    for (int round = 0; round < 3; round++) {
      JarProcess jar = startJar("round" + round);
      if (account == null) {
        account = seed(jar);
      }
      int n = round;
      assertThat(post(jar, account, payload(n))).isEqualTo(200);
      jar.process().destroyForcibly(); // at once: no time for the projector to catch up
      acknowledged.add(n);
      jar.process().waitFor(30, TimeUnit.SECONDS);
      assertThat(jar.process().exitValue()).isEqualTo(137);
    }

    JarProcess last = startJar("last");
    assertProjected(last, account, acknowledged);
    // Meta retries what it sent: a redelivery after the restart changes nothing
    assertThat(post(last, account, payload(0))).isEqualTo(200);
    assertProjected(last, account, acknowledged);
    assertThat(count("SELECT COUNT(*) FROM inbound_messages")).isEqualTo(3);
  }

  @Test
  void kill9WhilePosting_losesNoAcknowledgedPayload() throws Exception {
    JarProcess first = startJar("first");
    Account account = seed(first);
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    List<String> unexpected = new ArrayList<>();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.submit(
          () -> {
            while (!killed.get()) {
              int n = next.getAndIncrement();
              try {
                int status = post(first, account, payload(n));
                if (status == 200) {
                  acknowledged.add(n);
                } else if (!killed.get()) {
                  synchronized (unexpected) {
                    unexpected.add(n + ": " + status);
                  }
                }
              } catch (IOException e) {
                if (!killed.get()) {
                  synchronized (unexpected) {
                    unexpected.add(n + ": " + e);
                  }
                }
              } catch (InterruptedException e) {
                return;
              }
            }
          });
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
    killed.set(true);
    first.process().destroyForcibly();
    first.process().waitFor(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(unexpected).isEmpty();
    JarProcess second = startJar("second");
    assertProjected(second, account, acknowledged);
    System.out.printf(
        "inbound payloads acknowledged before kill -9: %d, stored: %d%n",
        acknowledged.size(), count("SELECT COUNT(*) FROM inbound_messages"));
  }
}
