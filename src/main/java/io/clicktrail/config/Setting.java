package io.clicktrail.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting, in the order of the specification's settings table (followed by the settings the
 * table does not list). A setting is given as a flag ({@code --key value}), an environment variable
 * ({@link #env()}) or a line {@code key=value} in {@code clicktrail.properties}.
 */
public enum Setting {
  PORT("port", "8080", "8080", "HTTP port (0 = pick a free one and print it)"),
  BIND("bind", "127.0.0.1", "127.0.0.1", "address to listen on"),
  PUBLIC_URL("public-url", "", "http://localhost:{port}", "base of every tracked link"),
  DATA_DIR("data-dir", "./data", "./data", "embedded store, generated secrets"),
  ADMIN_TOKEN(
      "admin-token",
      "",
      "generated, saved in data-dir/admin-token (mode 0600), printed once",
      "token for /v1/accounts"),
  STORE("store", "sqlite", "sqlite", "`sqlite` or a `jdbc:postgresql://…` URL"),
  EVENT_LOG("event-log", "embedded", "embedded", "`embedded` or `kafka://host:port[,host:port]`"),
  CLICK_ID_PARAM("click-id-param", "click_id", "click_id", "query parameter appended on redirect"),
  EVENT_WINDOW(
      "event-window", "7d", "7d", "click webhooks only for messages sent within this window"),
  DURABILITY(
      "durability",
      "sync",
      "sync",
      "`sync`: a click is durably stored before its 302; `async`: answer first"),
  COUNT_BOTS("count-bots", "false", "false", "count bot/prefetch clicks in analytics and webhooks"),
  IP_ANONYMIZE(
      "ip-anonymize",
      "false",
      "false",
      "store IPv4 with last octet zeroed, IPv6 with the last 80 bits zeroed"),
  RETENTION(
      "retention",
      "400d",
      "400d",
      "raw clicks, inbound messages and delivery logs older than this are deleted; aggregates"
          + " stay"),
  WEBHOOK_RETRY_SCHEDULE(
      "webhook-retry-schedule",
      "5s,5m,30m,2h,5h,10h,14h,20h,24h",
      "5s,5m,30m,2h,5h,10h,14h,20h,24h",
      "delays between delivery attempts (±20 % jitter when a delay is 1 s or more)"),
  WEBHOOK_TIMEOUT("webhook-timeout", "10s", "10s", "per attempt"),
  WEBHOOK_DISABLE_AFTER(
      "webhook-disable-after",
      "72h",
      "72h",
      "a subscription failing continuously this long becomes `failed`"),
  WEBHOOK_ALLOW_PRIVATE(
      "webhook-allow-private",
      "false",
      "false",
      "allow subscription URLs that resolve to loopback/private/link-local addresses"),
  RATE_CARD(
      "rate-card", "", "built-in sample", "CSV `country,category,price` used for cost metrics"),
  ANALYTICS_LOOKBACK(
      "analytics-lookback", "90d", "90d", "oldest `start` that template_analytics accepts"),
  TRUSTED_PROXIES(
      "trusted-proxies",
      "",
      "none",
      "comma-separated IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is"
          + " believed"),
  LOG_LEVEL("log-level", "info", "info", "`error`, `warn`, `info`, `debug` or `trace`");

  private static final String ENV_PREFIX = "CLICKTRAIL_";

  private final String key;
  private final String defaultValue;
  private final String documentedDefault;
  private final String description;

  Setting(String key, String defaultValue, String documentedDefault, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.documentedDefault = documentedDefault;
    this.description = description;
  }

  /** The key as written in flags and in the properties file, for example {@code public-url}. */
  public String key() {
    return key;
  }

  /**
   * The environment variable, {@code CLICKTRAIL_} followed by the key in upper case with {@code -}
   * replaced by {@code _}, for example {@code CLICKTRAIL_PUBLIC_URL}.
   */
  public String env() {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The default as text that parses like a given value; empty where the default is computed or
   * generated at start-up (public-url, admin-token, rate-card) or is an empty list
   * (trusted-proxies).
   */
  public String defaultValue() {
    return defaultValue;
  }

  /** The default as the documentation states it, for example {@code http://localhost:{port}}. */
  public String documentedDefault() {
    return documentedDefault;
  }

  /** What the setting means, as the settings table states it (Markdown). */
  public String description() {
    return description;
  }

  /** The setting with this exact key (case-sensitive, without {@code --}), if there is one. */
  public static Optional<Setting> byKey(String key) {
    requireNonNull(key, "key");
    for (Setting setting : values()) {
      if (setting.key.equals(key)) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }
}
