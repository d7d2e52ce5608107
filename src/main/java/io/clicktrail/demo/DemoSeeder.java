package io.clicktrail.demo;

import static java.util.Objects.requireNonNull;

import io.clicktrail.demo.DemoApi.Registered;
import io.clicktrail.demo.DemoApi.TrackedLink;
import io.clicktrail.demo.DemoApi.Visit;
import io.clicktrail.demo.DemoCampaign.Click;
import io.clicktrail.demo.DemoCampaign.Planned;
import io.clicktrail.demo.WhatsAppWebhooks.ReportedClick;
import io.clicktrail.demo.WhatsAppWebhooks.Sent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Seeds a demo campaign into a running server through its public HTTP API only, as a client and
 * Meta would: one account with two phone numbers and three templates, a webhook subscription that
 * succeeds and one that keeps failing, Click-to-WhatsApp ad referrals, 3,000 messages over the last
 * 30 days to recipients in seven countries with the signed status webhooks Meta would send for
 * them, the users' replies and quick-reply button presses, and human, bot and prefetch clicks on
 * the tracked links. People's clicks on messages older than a day arrive as Meta's signed {@code
 * user_actions} reports, stamped with when they happened over the month; every other click (the
 * newest messages' people, and all machines) follows the tracked link through the redirect while
 * the demo seeds, and is stamped with that time ({@link DemoClicks}). A progress bar per phase is
 * drawn on the given stream, which ends with the dashboard URL, the account token and the account
 * id. Deterministic for a seed and time, apart from the ids the server generates.
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

  /** Clicks per {@code user_actions} webhook: Meta reports a month of clicks in a few bodies. */
  private static final int REPORTS = 250;

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
   * Blocks until everything is sent (a few seconds on two cores); the server's projections may
   * still be folding the last webhooks and clicks in when it returns.
   *
   * @return the seeded account, holding the webhook receiver until closed
   * @throws IllegalStateException when the server refuses a call or cannot be reached
   */
  public static SeededDemo seed(String base, String adminToken, PrintStream out) {
    return seed(base, adminToken, out, MESSAGES, System.currentTimeMillis() / 1000);
  }

  /**
   * Seeds the campaign of {@code messages} messages that {@link DemoCampaign#plan} draws for {@link
   * #SEED} and {@code now} (unix seconds, at most the current time), so a test can draw the very
   * same plan.
   */
  static SeededDemo seed(String base, String adminToken, PrintStream out, int messages, long now) {
    requireNonNull(base, "base");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(out, "out");
    long started = System.nanoTime();
    DemoCampaign campaign = DemoCampaign.plan(SEED, now, messages);
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

  /**
   * The registered messages, the visits planned for their tracked links and the clicks on them that
   * Meta reports.
   */
  private record Registration(List<Sent> sent, List<Visit> visits, List<ReportedClick> reported) {}

  private SeededDemo run(
      DemoCampaign campaign, String adminToken, DemoReceiver receiver, long started)
      throws IOException, InterruptedException {
    DemoAccount account = DemoAccount.create(api, progress, adminToken);
    account.subscribe(api, progress, receiver);
    WhatsAppWebhooks meta = new WhatsAppWebhooks(account.id(), account.appSecret());
    Progress.Phase ads = progress.start("ads", campaign.referrals().size());
    post(account, meta, meta.referrals(campaign.referrals()));
    ads.finish();
    Registration registration = send(account, meta, campaign.messages());
    int replies = reply(account, meta, registration.sent());
    click(account, meta, registration);

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    out.println(summary(campaign, replies, registration, took));
    URI dashboard = URI.create(base + "/?access_token=" + account.token());
    return new SeededDemo(account.id(), account.token(), dashboard, took, receiver);
  }

  /**
   * Posts Meta's reports of people's clicks, oldest first a few hundred to a webhook, then follows
   * the tracked links of the other visits.
   */
  private void click(DemoAccount account, WhatsAppWebhooks meta, Registration registration)
      throws IOException, InterruptedException {
    List<ReportedClick> reported = new ArrayList<>(registration.reported());
    reported.sort(Comparator.comparingLong(ReportedClick::at));
    List<Visit> visits = registration.visits();
    Progress.Phase clicks = progress.start("clicks", reported.size() + visits.size());
    for (int from = 0; from < reported.size(); from += REPORTS) {
      List<ReportedClick> batch = reported.subList(from, Math.min(reported.size(), from + REPORTS));
      post(account, meta, meta.userActions(batch));
      clicks.advance(batch.size());
    }
    api.visit(visits, () -> clicks.advance(1));
    clicks.finish();
  }

  private static String summary(
      DemoCampaign campaign, int replies, Registration registration, Duration took) {
    List<Visit> visits = registration.visits();
    int reported = registration.reported().size();
    int clicks = reported + visits.size();
    long machines = visits.stream().filter(v -> !v.visitor().human()).count();
    return String.format(
        Locale.ROOT,
        "seeded %d messages, %d ad referrals, %d replies and %d clicks (%d reported by Meta, %d"
            + " through the redirect; %d%% bots and prefetches) in %.1f s",
        campaign.messages().size(),
        campaign.referrals().size(),
        replies,
        clicks,
        reported,
        visits.size(),
        clicks == 0 ? 0 : machines * 100 / clicks,
        took.toNanos() / 1e9);
  }

  /**
   * Registers the messages a batch at a time, each batch followed by its statuses; sorts each
   * planned click into a visit of its tracked link or a click Meta reports.
   */
  private Registration send(DemoAccount account, WhatsAppWebhooks meta, List<Planned> plans)
      throws IOException, InterruptedException {
    List<Sent> sent = new ArrayList<>(plans.size());
    List<Visit> visits = new ArrayList<>();
    List<ReportedClick> reported = new ArrayList<>();
    Progress.Phase messages = progress.start("messages", plans.size());
    for (int from = 0; from < plans.size(); from += BATCH) {
      List<Planned> batch = plans.subList(from, Math.min(plans.size(), from + BATCH));
      List<Registered> registered = api.register(account.token(), batch);
      List<Sent> batchSent = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Sent s = new Sent(batch.get(i), registered.get(i).id());
        batchSent.add(s);
        for (Click c : s.plan().clicks()) {
          TrackedLink link = registered.get(i).links().get(c.link());
          switch (c.via()) {
            case META -> reported.add(new ReportedClick(s, link, c.at(), reported.size()));
            case REDIRECT -> visits.add(new Visit(link.trackedUrl(), c.visitor()));
          }
        }
      }
      post(account, meta, meta.statuses(batchSent));
      sent.addAll(batchSent);
      messages.advance(batch.size());
    }
    messages.finish();
    return new Registration(sent, visits, reported);
  }

  /** Sends the users' replies to {@code sent}; returns how many. */
  private int reply(DemoAccount account, WhatsAppWebhooks meta, List<Sent> sent)
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

  private void post(DemoAccount account, WhatsAppWebhooks meta, byte[] body)
      throws IOException, InterruptedException {
    api.postWebhook(account.id(), body, meta.signature(body));
  }
}
