package io.clicktrail;

import io.clicktrail.account.Account;
import io.clicktrail.account.AccountRoutes;
import io.clicktrail.account.Accounts;
import io.clicktrail.account.AdminToken;
import io.clicktrail.analytics.AnalyticsRoutes;
import io.clicktrail.analytics.BillingAnalytics;
import io.clicktrail.analytics.ConversationRollup;
import io.clicktrail.analytics.Countries;
import io.clicktrail.analytics.MessageRollup;
import io.clicktrail.analytics.MessagingAnalytics;
import io.clicktrail.analytics.PricingRollup;
import io.clicktrail.analytics.RateCard;
import io.clicktrail.analytics.TemplateAnalytics;
import io.clicktrail.analytics.TemplateAnalyticsRoutes;
import io.clicktrail.analytics.TemplateInsights;
import io.clicktrail.analytics.TemplateRollup;
import io.clicktrail.attribution.Attribution;
import io.clicktrail.attribution.AttributionRoutes;
import io.clicktrail.catalog.Catalog;
import io.clicktrail.catalog.CatalogRoutes;
import io.clicktrail.config.Durability;
import io.clicktrail.config.EventLogLocation;
import io.clicktrail.config.IpRange;
import io.clicktrail.config.Setting;
import io.clicktrail.config.SettingException;
import io.clicktrail.config.Settings;
import io.clicktrail.config.StoreLocation;
import io.clicktrail.dashboard.DashboardAssets;
import io.clicktrail.dashboard.DashboardRoutes;
import io.clicktrail.dashboard.LiveClicks;
import io.clicktrail.event.EventLog;
import io.clicktrail.event.SqliteEventLog;
import io.clicktrail.http.ClientAddress;
import io.clicktrail.http.HttpServer;
import io.clicktrail.http.Router;
import io.clicktrail.inbound.InboundProjector;
import io.clicktrail.inbound.InboundRetention;
import io.clicktrail.inbound.InboundRoutes;
import io.clicktrail.message.MessageRoutes;
import io.clicktrail.message.Messages;
import io.clicktrail.ops.OpsRoutes;
import io.clicktrail.store.SqliteStore;
import io.clicktrail.store.Store;
import io.clicktrail.track.ClickClassifier;
import io.clicktrail.track.ClickStats;
import io.clicktrail.track.ClickStatsRoutes;
import io.clicktrail.track.Engagement;
import io.clicktrail.track.EngagementProjector;
import io.clicktrail.track.Links;
import io.clicktrail.track.RawRetention;
import io.clicktrail.track.TokenSecret;
import io.clicktrail.track.TrackRoutes;
import io.clicktrail.track.TrackingTokens;
import io.clicktrail.webhook.DeliveryLog;
import io.clicktrail.webhook.DeliveryRunner;
import io.clicktrail.webhook.Handshake;
import io.clicktrail.webhook.RetryPolicy;
import io.clicktrail.webhook.SubscriptionRoutes;
import io.clicktrail.webhook.Subscriptions;
import io.clicktrail.webhook.UrlGuard;
import io.clicktrail.webhook.WebhookClient;
import io.clicktrail.webhook.WebhookDispatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The whole system, wired by hand from the settings: reading this class shows every component and
 * what it depends on. {@link #start} brings it up in order and {@link #close} takes it down in
 * reverse: stop accepting requests, flush the event log, stop consumers, close the store.
 */
public final class Clicktrail implements AutoCloseable {
  private final Settings settings;
  private final Optional<String> generatedAdminToken;
  private final Deque<AutoCloseable> shutdown;

  private Clicktrail(
      Settings settings, Optional<String> generatedAdminToken, Deque<AutoCloseable> shutdown) {
    this.settings = settings;
    this.generatedAdminToken = generatedAdminToken;
    this.shutdown = shutdown;
  }

  /**
   * Starts everything. Nothing is left running when it fails.
   *
   * @throws SettingException naming the setting when one is unusable (port in use, say)
   */
  public static Clicktrail start(Settings configured, InstantSource clock) {
    Deque<AutoCloseable> shutdown = new ArrayDeque<>();
    try {
      if (!(configured.store() instanceof StoreLocation.Sqlite)) {
        throw new SettingException(Setting.STORE, "only sqlite is available in this version");
      }
      if (!(configured.eventLog() instanceof EventLogLocation.Embedded)) {
        throw new SettingException(Setting.EVENT_LOG, "only embedded is available in this version");
      }
      // read before anything starts: a bad card stops start-up with one line naming the setting
      RateCard rateCard = RateCard.load(configured.rateCard());
      HttpServer http = bind(configured);
      shutdown.push(http);
      Settings settings = configured.withBoundPort(http.port());

      Store store = openStore(settings, SqliteStore::open);
      shutdown.push(store);
      AdminToken admin = AdminToken.load(settings.adminToken(), settings.dataDir());
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);

      Store logStore = openStore(settings, SqliteStore::openEventLog);
      shutdown.push(logStore);
      SqliteEventLog log = new SqliteEventLog(logStore, store, clock);
      TrackingTokens tokens = new TrackingTokens(TokenSecret.loadOrCreate(store, clock));
      Links links = new Links(store, tokens);
      Engagement engagement = new Engagement(store);
      Accounts accounts = new Accounts(store, admin, clock);
      Catalog catalog = new Catalog(store, clock);
      Messages messages =
          new Messages(store, log, links, catalog, settings.publicUrl().toString(), clock);
      LiveClicks live = new LiveClicks(LiveClicks.PING_EVERY);
      shutdown.push(live);
      log.subscribe(
          EngagementProjector.CONSUMER,
          new EngagementProjector(settings.countBots(), live::publish));
      log.subscribe(InboundProjector.CONSUMER, new InboundProjector(messages, links, log));
      log.subscribeAfter(
          MessageRollup.CONSUMER, InboundProjector.CONSUMER, new MessageRollup(Countries::of));
      log.subscribeAfter(
          TemplateRollup.CONSUMER,
          InboundProjector.CONSUMER,
          new TemplateRollup(Countries::of, settings.countBots()));
      log.subscribeAfter(
          PricingRollup.CONSUMER, MessageRollup.CONSUMER, new PricingRollup(Countries::of));
      log.subscribeAfter(
          ConversationRollup.CONSUMER,
          PricingRollup.CONSUMER,
          new ConversationRollup(Countries::of));

      UrlGuard guard = new UrlGuard(settings.webhookAllowPrivate(), UrlGuard.SYSTEM);
      ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
      shutdown.push(lookups::shutdownNow);
      WebhookClient webhookClient = WebhookClient.start(guard, lookups);
      shutdown.push(webhookClient);
      DeliveryLog deliveryLog = new DeliveryLog(store, clock);
      DeliveryRunner deliveries =
          new DeliveryRunner(
              store,
              webhookClient,
              new RetryPolicy(
                  settings.webhookRetrySchedule(), () -> ThreadLocalRandom.current().nextDouble()),
              settings.webhookTimeout(),
              settings.webhookDisableAfter(),
              clock,
              metrics);
      log.subscribeAfter(
          WebhookDispatcher.CONSUMER,
          EngagementProjector.CONSUMER,
          new WebhookDispatcher(
              messages, catalog, tokens, settings.eventWindow(), clock, deliveries::wake));
      Gauge.builder("clicktrail.event.log.lag", log, EventLog::lag)
          .description("events appended but not yet committed by the slowest consumer")
          .register(metrics);

      Router router = new Router();
      AccountRoutes.register(router, accounts);
      CatalogRoutes.register(router, catalog);
      MessageRoutes.register(router, messages, engagement);
      TrackRoutes.register(router, links, engagement);
      SubscriptionRoutes.register(
          router,
          new Subscriptions(store, clock),
          deliveryLog,
          accounts,
          guard,
          new Handshake(webhookClient, settings.publicUrl().getHost()),
          deliveries::wake);
      InboundRoutes.register(router, accounts, log, clock, metrics);
      AttributionRoutes.register(router, new Attribution(store));
      AnalyticsRoutes.register(
          router,
          catalog,
          new MessagingAnalytics(store),
          new BillingAnalytics(store, rateCard),
          id -> accounts.find(id).map(Account::name));
      TemplateAnalyticsRoutes.register(
          router,
          catalog,
          new TemplateInsights(store, clock),
          new TemplateAnalytics(store, rateCard),
          settings.analyticsLookback(),
          clock);
      OpsRoutes.register(router, store, log, metrics);
      ClickStatsRoutes.register(router, new ClickStats(store), clock);
      DashboardAssets dashboard = DashboardAssets.fromClasspath();
      DashboardRoutes.register(router, dashboard, accounts);

      ClientAddress clientAddress = new ClientAddress(ip -> trusted(settings, ip));
      var edge =
          TrackRoutes.edge(
              links,
              log,
              ClickClassifier.create(),
              clientAddress,
              clock,
              new TrackRoutes.EdgeOptions(
                  settings.clickIdParam(),
                  settings.durability() == Durability.SYNC,
                  settings.ipAnonymize()),
              metrics);

      log.start();
      shutdown.push(log);
      deliveries.start();
      shutdown.push(deliveries);
      RawRetention retention = new RawRetention(store, clock, settings.retention());
      InboundRetention inboundRetention = new InboundRetention(store, clock, settings.retention());
      ScheduledExecutorService housekeeping =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().name("housekeeping").daemon().unstarted(r));
      // once before serving (what expired while stopped), then every hour
      Runnable purge =
          () -> {
            runQuietly("retention", retention::purge);
            runQuietly("inbound retention", inboundRetention::purge);
            runQuietly(
                "template click ledger retention",
                () ->
                    TemplateRollup.purgeClickLedger(
                        store, (clock.millis() - settings.retention().toMillis()) / 1000));
            runQuietly(
                "webhook log retention",
                () -> deliveryLog.purge(clock.millis() - settings.retention().toMillis()));
          };
      purge.run();
      housekeeping.scheduleWithFixedDelay(purge, 1, 1, TimeUnit.HOURS);
      shutdown.push(housekeeping::shutdownNow);
      var raw = new LinkedHashMap<>(edge);
      raw.putAll(DashboardRoutes.handlers(dashboard, live, accounts));
      http.start(router, raw, accounts, clientAddress);
      // on close the server stops first, so the clicks it accepted are flushed by the log
      // before the store closes; before it, the live streams end, or the server's graceful stop
      // would wait for them
      shutdown.remove(http);
      shutdown.push(http);
      shutdown.remove(live);
      shutdown.push(live);
      return new Clicktrail(settings, admin.generatedNow(), shutdown);
    } catch (RuntimeException e) {
      closeAll(shutdown);
      throw e;
    }
  }

  private static void runQuietly(String task, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      // a scheduled task that throws would never run again; log and try at the next period
      LoggerFactory.getLogger(Clicktrail.class)
          .warn("{} failed, will retry: {}", task, e.toString());
    }
  }

  private static HttpServer bind(Settings settings) {
    try {
      return HttpServer.bind(settings.bind(), settings.port());
    } catch (IllegalStateException e) {
      throw new SettingException(Setting.PORT, e.getMessage());
    }
  }

  private static Store openStore(
      Settings settings, java.util.function.Function<java.nio.file.Path, Store> opener) {
    try {
      return opener.apply(settings.dataDir());
    } catch (IllegalStateException e) {
      throw new SettingException(Setting.DATA_DIR, e.getMessage());
    }
  }

  private static boolean trusted(Settings settings, String ip) {
    if (settings.trustedProxies().isEmpty()) {
      return false;
    }
    InetAddress address;
    try {
      address = IpRange.parseAddress(ip);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return settings.trustedProxies().stream().anyMatch(r -> r.contains(address));
  }

  /** The effective settings (with the bound port). */
  public Settings settings() {
    return settings;
  }

  /** The base URL the server answers on. */
  public String baseUrl() {
    return settings.publicUrl().toString();
  }

  /** The admin token, when this start generated it (it is shown once). */
  public Optional<String> generatedAdminToken() {
    return generatedAdminToken;
  }

  @Override
  public void close() {
    closeAll(shutdown);
  }

  private static void closeAll(Deque<AutoCloseable> shutdown) {
    while (!shutdown.isEmpty()) {
      try {
        shutdown.pop().close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
