package io.clicktrail.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every setting as a typed, validated value. Built once at start-up by {@link #load}; immutable and
 * safe to share between threads. {@link #toString()} masks secrets (the admin token and any
 * password in the store URL), so the value may be logged.
 *
 * <p>Relative paths (data-dir, rate-card) are resolved against the working directory given to
 * {@link #load} and held as absolute paths.
 *
 * @param port HTTP port, 0 to pick a free one
 * @param bind address (IP literal or host name) to listen on
 * @param publicUrl base of every tracked link: absolute http(s), no query, fragment or trailing
 *     slash
 * @param adminToken the configured admin token; empty when it is to be generated
 * @param store SQLite under the data dir, or PostgreSQL
 * @param eventLog the embedded log, or Kafka
 * @param webhookRetrySchedule delays between delivery attempts, never empty
 * @param rateCard a rate card CSV file; empty for the built-in sample
 * @param trustedProxies peers whose X-Forwarded-For is believed
 * @param logLevel one of {@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace}
 */
public record Settings(
    int port,
    String bind,
    URI publicUrl,
    Path dataDir,
    Optional<String> adminToken,
    StoreLocation store,
    EventLogLocation eventLog,
    String clickIdParam,
    Duration eventWindow,
    Durability durability,
    boolean countBots,
    boolean ipAnonymize,
    Duration retention,
    List<Duration> webhookRetrySchedule,
    Duration webhookTimeout,
    Duration webhookDisableAfter,
    boolean webhookAllowPrivate,
    Optional<Path> rateCard,
    Duration analyticsLookback,
    List<IpRange> trustedProxies,
    String logLevel) {

  /** The name of the optional settings file in the working directory. */
  public static final String FILE_NAME = "clicktrail.properties";

  /** The SQLite database file inside the data dir. */
  public static final String SQLITE_FILE_NAME = "clicktrail.db";

  /** The highest TCP port number. */
  static final int MAX_PORT = 65_535;

  public Settings {
    requireNonNull(bind, "bind");
    requireNonNull(publicUrl, "publicUrl");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(store, "store");
    requireNonNull(eventLog, "eventLog");
    requireNonNull(clickIdParam, "clickIdParam");
    requireNonNull(eventWindow, "eventWindow");
    requireNonNull(durability, "durability");
    requireNonNull(retention, "retention");
    requireNonNull(webhookTimeout, "webhookTimeout");
    requireNonNull(webhookDisableAfter, "webhookDisableAfter");
    requireNonNull(rateCard, "rateCard");
    requireNonNull(analyticsLookback, "analyticsLookback");
    requireNonNull(logLevel, "logLevel");
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("port " + port + " must be between 0 and 65535");
    }
    webhookRetrySchedule = List.copyOf(webhookRetrySchedule);
    if (webhookRetrySchedule.isEmpty()) {
      throw new IllegalArgumentException("webhook retry schedule must not be empty");
    }
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * Reads every setting from flags, then environment, then {@code clicktrail.properties} in the
   * working directory (if it exists, UTF-8), then defaults, and validates all of them. Reads only
   * that file and checks that a configured rate card is a readable file; resolves no host names.
   *
   * @param flags values by setting key, without {@code --}
   * @param env environment variables (pass {@link System#getenv()}); other variables, including
   *     unknown {@code CLICKTRAIL_*} ones, are ignored
   * @param workingDir where the properties file is looked for and relative paths are resolved
   * @throws SettingException for an unknown key in flags or the file, an unreadable file, or a bad
   *     value; its message is one line naming the setting
   */
  public static Settings load(Map<String, String> flags, Map<String, String> env, Path workingDir) {
    return load(flags, env, workingDir, Map.of());
  }

  /**
   * As {@link #load(Map, Map, Path)}, with {@code defaults} in place of the built-in defaults of
   * the settings it names: for a command that needs another default (the demo), which a flag, an
   * environment variable or the file still overrides.
   */
  public static Settings load(
      Map<String, String> flags,
      Map<String, String> env,
      Path workingDir,
      Map<Setting, String> defaults) {
    requireNonNull(flags, "flags");
    requireNonNull(env, "env");
    requireNonNull(workingDir, "workingDir");
    requireNonNull(defaults, "defaults");
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    given.putAll(defaults);
    given.putAll(byKey(readFile(workingDir.resolve(FILE_NAME)), FILE_NAME));
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.env());
      if (value != null) {
        given.put(setting, value);
      }
    }
    given.putAll(byKey(flags, ""));
    return SettingParsers.parse(given, workingDir);
  }

  /** Defaults only, port 0 and this data dir: a server for tests. Reads no file. */
  public static Settings defaults(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    given.put(Setting.PORT, "0");
    given.put(Setting.DATA_DIR, dataDir.toAbsolutePath().toString());
    return SettingParsers.parse(given, dataDir.toAbsolutePath());
  }

  /**
   * The same settings with the port the server actually bound, for a port given as 0. A public-url
   * left at its default follows the new port.
   */
  public Settings withBoundPort(int boundPort) {
    URI url =
        publicUrl.equals(SettingParsers.defaultPublicUrl(port))
            ? SettingParsers.defaultPublicUrl(boundPort)
            : publicUrl;
    return new Settings(
        boundPort,
        bind,
        url,
        dataDir,
        adminToken,
        store,
        eventLog,
        clickIdParam,
        eventWindow,
        durability,
        countBots,
        ipAnonymize,
        retention,
        webhookRetrySchedule,
        webhookTimeout,
        webhookDisableAfter,
        webhookAllowPrivate,
        rateCard,
        analyticsLookback,
        trustedProxies,
        logLevel);
  }

  /**
   * Every setting's value as text that {@link #load} accepts, in table order, for the start-up log.
   * Secrets are masked: the admin token is {@code ***} when set, a store password {@code ***}.
   */
  public Map<Setting, String> effective() {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      values.put(setting, text(setting));
    }
    return Collections.unmodifiableMap(values);
  }

  private String text(Setting setting) {
    return switch (setting) {
      case PORT -> Integer.toString(port);
      case BIND -> bind;
      case PUBLIC_URL -> publicUrl.toString();
      case DATA_DIR -> dataDir.toString();
      case ADMIN_TOKEN -> adminToken.isPresent() ? "***" : "";
      case STORE -> store.toString();
      case EVENT_LOG -> eventLog.toString();
      case CLICK_ID_PARAM -> clickIdParam;
      case EVENT_WINDOW -> Durations.format(eventWindow);
      case DURABILITY -> durability.name().toLowerCase(Locale.ROOT);
      case COUNT_BOTS -> Boolean.toString(countBots);
      case IP_ANONYMIZE -> Boolean.toString(ipAnonymize);
      case RETENTION -> Durations.format(retention);
      case WEBHOOK_RETRY_SCHEDULE ->
          webhookRetrySchedule.stream().map(Durations::format).collect(Collectors.joining(","));
      case WEBHOOK_TIMEOUT -> Durations.format(webhookTimeout);
      case WEBHOOK_DISABLE_AFTER -> Durations.format(webhookDisableAfter);
      case WEBHOOK_ALLOW_PRIVATE -> Boolean.toString(webhookAllowPrivate);
      case RATE_CARD -> rateCard.map(Path::toString).orElse("");
      case ANALYTICS_LOOKBACK -> Durations.format(analyticsLookback);
      case TRUSTED_PROXIES ->
          trustedProxies.stream().map(IpRange::toString).collect(Collectors.joining(","));
      case LOG_LEVEL -> logLevel;
    };
  }

  /** Every setting as {@code key=value}, with secrets masked as in {@link #effective()}. */
  @Override
  public String toString() {
    return effective().entrySet().stream()
        .map(e -> e.getKey().key() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "Settings[", "]"));
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw SettingException.unreadable(file.toString(), String.valueOf(e.getMessage()));
    }
    Map<String, String> values = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key));
    }
    return values;
  }

  private static Map<Setting, String> byKey(Map<String, String> values, String where) {
    Map<Setting, String> known = new EnumMap<>(Setting.class);
    for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
      Setting setting =
          Setting.byKey(entry.getKey())
              .orElseThrow(() -> SettingException.unknownKey(entry.getKey(), where));
      if (entry.getValue() == null) {
        throw new SettingException(setting, "no value given");
      }
      known.put(setting, entry.getValue());
    }
    return known;
  }
}
