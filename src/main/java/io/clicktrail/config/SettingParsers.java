package io.clicktrail.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the text of every setting into the typed value of {@link Settings}, one parser per setting.
 * Each failure is a {@link SettingException} naming the setting.
 */
final class SettingParsers {
  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern CLICK_ID_PARAM = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
  private static final String POSTGRES_PREFIX = "jdbc:postgresql://";
  private static final String KAFKA_PREFIX = EventLogLocation.Kafka.PREFIX;

  private SettingParsers() {}

  /**
   * Parses the given values, filling in each missing one with its default, into validated settings.
   * Relative paths are resolved against {@code workingDir}.
   *
   * @throws SettingException for the first bad value
   */
  static Settings parse(Map<Setting, String> given, Path workingDir) {
    Map<Setting, String> raw = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      raw.put(setting, given.getOrDefault(setting, setting.defaultValue()).strip());
    }
    int port = port(raw.get(Setting.PORT));
    Path dataDir = path(Setting.DATA_DIR, raw.get(Setting.DATA_DIR), workingDir);
    String rateCard = raw.get(Setting.RATE_CARD);
    return new Settings(
        port,
        bind(raw.get(Setting.BIND)),
        publicUrl(raw.get(Setting.PUBLIC_URL), port),
        dataDir,
        adminToken(raw.get(Setting.ADMIN_TOKEN)),
        store(raw.get(Setting.STORE), dataDir),
        eventLog(raw.get(Setting.EVENT_LOG)),
        clickIdParam(raw.get(Setting.CLICK_ID_PARAM)),
        positive(Setting.EVENT_WINDOW, raw.get(Setting.EVENT_WINDOW)),
        durability(raw.get(Setting.DURABILITY)),
        bool(Setting.COUNT_BOTS, raw.get(Setting.COUNT_BOTS)),
        bool(Setting.IP_ANONYMIZE, raw.get(Setting.IP_ANONYMIZE)),
        positive(Setting.RETENTION, raw.get(Setting.RETENTION)),
        retrySchedule(raw.get(Setting.WEBHOOK_RETRY_SCHEDULE)),
        positive(Setting.WEBHOOK_TIMEOUT, raw.get(Setting.WEBHOOK_TIMEOUT)),
        positive(Setting.WEBHOOK_DISABLE_AFTER, raw.get(Setting.WEBHOOK_DISABLE_AFTER)),
        bool(Setting.WEBHOOK_ALLOW_PRIVATE, raw.get(Setting.WEBHOOK_ALLOW_PRIVATE)),
        rateCard.isEmpty() ? Optional.empty() : Optional.of(readableFile(rateCard, workingDir)),
        positive(Setting.ANALYTICS_LOOKBACK, raw.get(Setting.ANALYTICS_LOOKBACK)),
        trustedProxies(raw.get(Setting.TRUSTED_PROXIES)),
        logLevel(raw.get(Setting.LOG_LEVEL)));
  }

  private static int port(String value) {
    if (value.matches("[0-9]{1,5}") && Integer.parseInt(value) <= Settings.MAX_PORT) {
      return Integer.parseInt(value);
    }
    throw new SettingException(Setting.PORT, "'" + value + "' is not a port number (0-65535)");
  }

  private static String bind(String value) {
    if (HOST_NAME.matcher(value).matches() && !value.matches("[0-9.]+")) {
      return value;
    }
    try {
      IpRange.parseAddress(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw new SettingException(
          Setting.BIND, "'" + value + "' is not an IP address or a host name");
    }
  }

  /** The public URL used when none is configured: {@code http://localhost} at {@code port}. */
  static URI defaultPublicUrl(int port) {
    return URI.create("http://localhost:" + port);
  }

  private static URI publicUrl(String value, int port) {
    if (value.isEmpty()) {
      return defaultPublicUrl(port);
    }
    String problem = "'" + value + "' must be an absolute http or https URL";
    URI uri;
    try {
      uri = new URI(value.replaceFirst("/+$", ""));
    } catch (URISyntaxException e) {
      throw new SettingException(Setting.PUBLIC_URL, problem);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new SettingException(Setting.PUBLIC_URL, problem + " with a host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new SettingException(
          Setting.PUBLIC_URL, "'" + value + "' must not have a user, query or fragment");
    }
    return uri;
  }

  private static Path path(Setting setting, String value, Path workingDir) {
    if (value.isEmpty()) {
      throw new SettingException(setting, "must not be empty");
    }
    try {
      return workingDir.resolve(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new SettingException(setting, "'" + value + "' is not a valid path");
    }
  }

  private static Path readableFile(String value, Path workingDir) {
    Path file = path(Setting.RATE_CARD, value, workingDir);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SettingException(Setting.RATE_CARD, "'" + file + "' is not a readable file");
    }
    return file;
  }

  private static Optional<String> adminToken(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    // The message must not echo the token: start-up errors are printed and logged.
    if (value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new SettingException(
          Setting.ADMIN_TOKEN, "must not contain spaces or control characters");
    }
    return Optional.of(value);
  }

  private static StoreLocation store(String value, Path dataDir) {
    if (value.equalsIgnoreCase("sqlite")) {
      return new StoreLocation.Sqlite(dataDir.resolve(Settings.SQLITE_FILE_NAME));
    }
    if (value.startsWith(POSTGRES_PREFIX)) {
      StoreLocation.Postgres postgres = new StoreLocation.Postgres(value);
      String rest = value.substring(POSTGRES_PREFIX.length());
      if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?")) {
        throw new SettingException(Setting.STORE, "'" + postgres + "' has no host");
      }
      if (value.chars().anyMatch(c -> c <= ' ')) {
        throw new SettingException(Setting.STORE, "'" + postgres + "' must not contain spaces");
      }
      return postgres;
    }
    throw new SettingException(
        Setting.STORE,
        "'" + new StoreLocation.Postgres(value) + "' must be sqlite or a jdbc:postgresql:// URL");
  }

  private static EventLogLocation eventLog(String value) {
    if (value.equalsIgnoreCase("embedded")) {
      return new EventLogLocation.Embedded();
    }
    String problem = "'" + value + "' must be embedded or kafka://host:port[,host:port]";
    if (!value.startsWith(KAFKA_PREFIX) || value.length() == KAFKA_PREFIX.length()) {
      throw new SettingException(Setting.EVENT_LOG, problem);
    }
    List<String> servers = new ArrayList<>();
    for (String server : COMMA.split(value.substring(KAFKA_PREFIX.length()), -1)) {
      servers.add(hostAndPort(server.strip(), value));
    }
    return new EventLogLocation.Kafka(servers);
  }

  private static String hostAndPort(String server, String value) {
    int colon = server.lastIndexOf(':');
    String host = colon < 0 ? server : server.substring(0, colon);
    String port = colon < 0 ? "" : server.substring(colon + 1);
    if (!isHost(host) || port.isEmpty()) {
      throw new SettingException(
          Setting.EVENT_LOG, "'" + value + "': server '" + server + "' must be host:port");
    }
    int number = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : 0;
    if (number < 1 || number > Settings.MAX_PORT) {
      throw new SettingException(
          Setting.EVENT_LOG,
          "'" + value + "': server '" + server + "' has a bad port '" + port + "' (1-65535)");
    }
    return host + ":" + number;
  }

  /** A host name, an IPv4 literal or a bracketed IPv6 literal. */
  private static boolean isHost(String host) {
    if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
      String literal = host.substring(1, host.length() - 1);
      try {
        return literal.contains(":") && IpRange.parseAddress(literal) != null;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return HOST_NAME.matcher(host).matches();
  }

  private static String clickIdParam(String value) {
    if (!CLICK_ID_PARAM.matcher(value).matches()) {
      throw new SettingException(
          Setting.CLICK_ID_PARAM,
          "'" + value + "' must be one or more of the characters A-Z a-z 0-9 . _ ~ -");
    }
    return value;
  }

  private static Duration duration(Setting setting, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new SettingException(setting, e.getMessage());
    }
  }

  private static Duration positive(Setting setting, String value) {
    Duration duration = duration(setting, value);
    if (duration.isZero()) {
      throw new SettingException(setting, "'" + value + "' must be longer than zero");
    }
    return duration;
  }

  private static List<Duration> retrySchedule(String value) {
    Setting setting = Setting.WEBHOOK_RETRY_SCHEDULE;
    if (value.isEmpty()) {
      throw new SettingException(setting, "must list at least one delay");
    }
    List<Duration> delays = new ArrayList<>();
    for (String delay : COMMA.split(value, -1)) {
      if (delay.isBlank()) {
        throw new SettingException(setting, "'" + value + "' has an empty delay");
      }
      delays.add(duration(setting, delay.strip()));
    }
    return delays;
  }

  private static boolean bool(Setting setting, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new SettingException(setting, "'" + value + "' must be true or false");
  }

  private static Durability durability(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "sync" -> Durability.SYNC;
      case "async" -> Durability.ASYNC;
      default ->
          throw new SettingException(Setting.DURABILITY, "'" + value + "' must be sync or async");
    };
  }

  private static List<IpRange> trustedProxies(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    List<IpRange> ranges = new ArrayList<>();
    for (String range : COMMA.split(value, -1)) {
      try {
        ranges.add(IpRange.parse(range));
      } catch (IllegalArgumentException e) {
        throw new SettingException(
            Setting.TRUSTED_PROXIES, "'" + range.strip() + "' is not an IP address or CIDR range");
      }
    }
    return ranges;
  }

  private static String logLevel(String value) {
    String level = value.toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new SettingException(
          Setting.LOG_LEVEL, "'" + value + "' must be one of " + String.join(", ", LOG_LEVELS));
    }
    return level;
  }
}
