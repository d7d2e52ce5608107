package io.clicktrail.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.demo.DemoApi.Registered;
import io.clicktrail.demo.DemoApi.Visit;
import io.clicktrail.demo.DemoCampaign.Click;
import io.clicktrail.demo.DemoCampaign.Planned;
import io.clicktrail.demo.WhatsAppWebhooks.Sent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Seeds a demo campaign into a running server through its public HTTP API only, as a client and
 * Meta would: one account with two phone numbers and three templates, a webhook subscription that
 * succeeds and one that keeps failing, Click-to-WhatsApp ad referrals, 3,000 messages over the last
 * 30 days to recipients in seven countries with the signed status webhooks Meta would send for
 * them, the users' replies and quick-reply button presses, and human, bot and prefetch visits of
 * the tracked links. A progress bar per phase is drawn on the given stream, which ends with the
 * dashboard URL, the account token and the account id. Deterministic for a seed, apart from the ids
 * the server generates; visits are stamped with the time they happen.
 *
 * <p>The subscriptions point at a {@link DemoReceiver} on {@code 127.0.0.1}, an address the webhook
 * URL guard refuses unless {@code webhook-allow-private} is on: {@code clicktrail demo} therefore
 * defaults that setting to true (a flag, variable or file that sets it still wins). The receiver
 * belongs to the returned {@link SeededDemo}, which must be closed when the demo stops.
 */
public final class DemoSeeder {
  /** The seed of the campaign {@link #seed(String, String, PrintStream)} draws. */
  static final long SEED = 20_261_123L;

  /** How many messages the demo sends. */
  static final int MESSAGES = 3_000;

  /** Messages per {@code POST /v1/messages:batch} and per status webhook. */
  private static final int BATCH = 500;

  private final DemoApi api;
  private final String base;
  private final PrintStream out;
  private final Progress progress;

  private DemoSeeder(String base, PrintStream out) {
    this.api = new DemoApi(base);
    this.base = base;
    this.out = out;
    this.progress = new Progress(out);
  }

  /**
   * Seeds the server at {@code base} (its public URL) using {@code adminToken}, drawing progress
   * and finally these lines on {@code out}:
   *
   * <pre>
   * dashboard: {base}/?access_token={token}
   * account token: {token}
   * demo account: {account id}</pre>
   *
   * Blocks until everything is sent (about six seconds on two cores); the server's projections may
   * still be folding the last webhooks and clicks in when it returns.
   *
   * @return the seeded account, holding the webhook receiver until closed
   * @throws IllegalStateException when the server refuses a call or cannot be reached
   */
  public static SeededDemo seed(String base, String adminToken, PrintStream out) {
    return seed(base, adminToken, out, MESSAGES);
  }

  static SeededDemo seed(String base, String adminToken, PrintStream out, int messages) {
    requireNonNull(base, "base");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(out, "out");
    long started = System.nanoTime();
    DemoCampaign campaign = DemoCampaign.plan(SEED, System.currentTimeMillis() / 1000, messages);
    DemoReceiver receiver;
    try {
      receiver = DemoReceiver.start();
    } catch (IOException e) {
      throw new IllegalStateException("demo webhook receiver did not start: " + e, e);
    }
    try {
      SeededDemo seeded = new DemoSeeder(base, out).run(campaign, adminToken, receiver, started);
      out.println("dashboard: " + seeded.dashboardUrl());
      out.println("account token: " + seeded.token());
      out.println("demo account: " + seeded.accountId());
      out.flush();
      return seeded;
    } catch (IOException | InterruptedException | RuntimeException e) {
      receiver.close();
      out.println(); // ends the progress line the failure cut short
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("demo seeding interrupted", e);
      }
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("demo seeding failed: " + e, e);
    }
  }

  /** The seeded account as the admin API created it. */
  private record Account(String id, String token, String appSecret) {}

  /** The registered messages and the visits planned for their tracked links. */
  private record Registration(List<Sent> sent, List<Visit> visits) {}

  private SeededDemo run(
      DemoCampaign campaign, String adminToken, DemoReceiver receiver, long started)
      throws IOException, InterruptedException {
    Account account = setUp(adminToken);
    subscribe(account, receiver);
    WhatsAppWebhooks meta = new WhatsAppWebhooks(account.id(), account.appSecret());
    Progress.Phase ads = progress.start("ads", campaign.referrals().size());
    post(account, meta, meta.referrals(campaign.referrals()));
    ads.finish();
    Registration registration = send(account, meta, campaign.messages());
    int replies = reply(account, meta, registration.sent());
    List<Visit> visits = registration.visits();
    Progress.Phase clicks = progress.start("clicks", visits.size());
    api.visit(visits, () -> clicks.advance(1));
    clicks.finish();

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    long machines = visits.stream().filter(v -> !v.visitor().human()).count();
    out.println(
        String.format(
            Locale.ROOT,
            "seeded %d messages, %d ad referrals, %d replies and %d clicks (%d%% bots and"
                + " prefetches) in %.1f s",
            campaign.messages().size(),
            campaign.referrals().size(),
            replies,
            visits.size(),
            visits.isEmpty() ? 0 : machines * 100 / visits.size(),
            took.toNanos() / 1e9));
    URI dashboard = URI.create(base + "/?access_token=" + account.token());
    return new SeededDemo(account.id(), account.token(), dashboard, took, receiver);
  }

  /** The account, its phone numbers and templates, and insights confirmed. */
  private Account setUp(String adminToken) throws IOException, InterruptedException {
    Progress.Phase setup =
        progress.start("setup", 2 + DemoCatalog.PHONES.size() + DemoCatalog.TEMPLATES.size());
    JsonNode created = api.call("POST", "/v1/accounts", adminToken, obj().put("name", "Acme Demo"));
    Account account =
        new Account(
            created.get("id").asText(),
            created.get("access_token").asText(),
            created.get("app_secret").asText());
    setup.advance(1);
    for (DemoCatalog.Phone phone : DemoCatalog.PHONES) {
      api.call(
          "PUT",
          "/v1/phone_numbers/" + phone.id(),
          account.token(),
          obj().put("display_phone_number", phone.display()));
      setup.advance(1);
    }
    for (DemoCatalog.Template template : DemoCatalog.TEMPLATES) {
      api.putTemplate(account.token(), template);
      setup.advance(1);
    }
    // template_analytics answers only once a Graph client has confirmed insights
    api.call("POST", "/" + account.id() + "?is_enabled_for_insights=true", account.token(), obj());
    setup.finish();
    return account;
  }

  /**
   * A subscription that succeeds and one that keeps failing, both to the demo's receiver; none when
   * the server refuses the receiver's loopback address ({@code webhook-allow-private} set to false
   * by the user).
   */
  private void subscribe(Account account, DemoReceiver receiver)
      throws IOException, InterruptedException {
    Progress.Phase hooks = progress.start("webhooks", 2);
    Optional<String> refused =
        subscribe(
            account,
            receiver.healthyUrl(),
            "cloudevents",
            "CRM (demo receiver)",
            "link_clicked",
            "status",
            "inbound");
    if (refused.isPresent()) {
      hooks.skip(refused.get());
      return;
    }
    hooks.advance(1);
    subscribe(
            account,
            receiver.failingUrl(),
            "whatsapp",
            "Legacy endpoint (answers 500)",
            "link_clicked",
            "status")
        .ifPresent(
            problem -> {
              throw new IllegalStateException("POST /v1/webhooks answered: " + problem);
            });
    hooks.finish();
  }

  /** Registers the messages a batch at a time, each batch followed by its statuses. */
  private Registration send(Account account, WhatsAppWebhooks meta, List<Planned> plans)
      throws IOException, InterruptedException {
    List<Sent> sent = new ArrayList<>(plans.size());
    List<Visit> visits = new ArrayList<>();
    Progress.Phase messages = progress.start("messages", plans.size());
    for (int from = 0; from < plans.size(); from += BATCH) {
      List<Planned> batch = plans.subList(from, Math.min(plans.size(), from + BATCH));
      List<Registered> registered = api.register(account.token(), batch);
      List<Sent> batchSent = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        batchSent.add(new Sent(batch.get(i), registered.get(i).id()));
        for (Click c : batch.get(i).clicks()) {
          visits.add(new Visit(registered.get(i).trackedUrls().get(c.link()), c.visitor()));
        }
      }
      post(account, meta, meta.statuses(batchSent));
      sent.addAll(batchSent);
      messages.advance(batch.size());
    }
    messages.finish();
    return new Registration(sent, visits);
  }

  /** Sends the users' replies to {@code sent}; returns how many. */
  private int reply(Account account, WhatsAppWebhooks meta, List<Sent> sent)
      throws IOException, InterruptedException {
    int total = (int) sent.stream().filter(s -> s.plan().reply() != null).count();
    Progress.Phase replies = progress.start("replies", total);
    for (int from = 0; from < sent.size(); from += BATCH) {
      List<Sent> batch = sent.subList(from, Math.min(sent.size(), from + BATCH));
      post(account, meta, meta.replies(batch));
      replies.advance((int) batch.stream().filter(s -> s.plan().reply() != null).count());
    }
    replies.finish();
    return total;
  }

  private void post(Account account, WhatsAppWebhooks meta, byte[] body)
      throws IOException, InterruptedException {
    api.postWebhook(account.id(), body, meta.signature(body));
  }

  private Optional<String> subscribe(
      Account account, URI url, String format, String description, String... events)
      throws IOException, InterruptedException {
    ObjectNode body =
        obj().put("url", url.toString()).put("format", format).put("description", description);
    ArrayNode list = body.putArray("events");
    for (String event : events) {
      list.add(event);
    }
    return api.attempt("POST", "/v1/webhooks", account.token(), body);
  }

  private static ObjectNode obj() {
    return DemoApi.JSON.createObjectNode();
  }
}
