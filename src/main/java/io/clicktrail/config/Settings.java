package io.clicktrail.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
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

  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern CLICK_ID_PARAM = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
  private static final String POSTGRES_PREFIX = "jdbc:postgresql://";
  private static final String KAFKA_PREFIX = "kafka://";
  private static final int MAX_PORT = 65_535;

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

  /** Whether a click is durably stored before its redirect is answered. */
  public enum Durability {
    /** The click is durably stored before the 302 is sent. */
    SYNC,
    /** The 302 is sent first; the click is stored right after. */
    ASYNC
  }

  /** Where state is kept. */
  public sealed interface StoreLocation {
    /** The embedded SQLite database, one file under the data dir. */
    record Sqlite(Path file) implements StoreLocation {
      public Sqlite {
        requireNonNull(file, "file");
      }

      @Override
      public String toString() {
        return "sqlite";
      }
    }

    /**
     * PostgreSQL at a {@code jdbc:postgresql://} URL. {@link #toString()} masks any password in it;
     * {@link #jdbcUrl()} does not.
     */
    record Postgres(String jdbcUrl) implements StoreLocation {
      private static final Pattern PASSWORD =
          Pattern.compile("(?i)([?&;]password=)[^&;]*|(//[^/@?]*:)[^/@?]*@");

      public Postgres {
        requireNonNull(jdbcUrl, "jdbcUrl");
      }

      @Override
      public String toString() {
        return PASSWORD
            .matcher(jdbcUrl)
            .replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***@");
      }
    }
  }

  /** Where events are appended and read back from. */
  public sealed interface EventLogLocation {
    /** The embedded log, kept in the store. */
    record Embedded() implements EventLogLocation {
      @Override
      public String toString() {
        return "embedded";
      }
    }

    /**
     * Apache Kafka, reached through these bootstrap servers, each {@code host:port} ({@code
     * [v6-literal]:port} for IPv6).
     */
    record Kafka(List<String> bootstrapServers) implements EventLogLocation {
      public Kafka {
        bootstrapServers = List.copyOf(bootstrapServers);
        if (bootstrapServers.isEmpty()) {
          throw new IllegalArgumentException("kafka needs at least one bootstrap server");
        }
      }

      /** The servers joined by commas, as Kafka's {@code bootstrap.servers} takes them. */
      public String bootstrapServersConfig() {
        return String.join(",", bootstrapServers);
      }

      @Override
      public String toString() {
        return KAFKA_PREFIX + bootstrapServersConfig();
      }
    }
  }

  /**
   * One IP address or CIDR range. Host bits below the prefix are cleared, so {@code 10.1.2.3/8} is
   * {@code 10.0.0.0/8}. Never touches DNS.
   *
   * @param address the first address of the range
   * @param prefixLength how many leading bits an address must share with {@code address}
   */
  public record IpRange(InetAddress address, int prefixLength) {
    private static final Pattern IPV4 =
        Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DOT = Pattern.compile("\\.");
    private static final int IPV4_MAPPED_PREFIX = 96;

    public IpRange {
      requireNonNull(address, "address");
      int bits = address.getAddress().length * 8;
      if (prefixLength < 0 || prefixLength > bits) {
        throw new IllegalArgumentException(
            "prefix length " + prefixLength + " must be between 0 and " + bits);
      }
      address = masked(address, prefixLength);
    }

    /**
     * Parses an IP literal ({@code 10.0.0.1}, {@code ::1}) or a CIDR range ({@code 10.0.0.0/8},
     * {@code fd00::/8}).
     *
     * @throws IllegalArgumentException if the text is not one; the message names the text
     */
    public static IpRange parse(String text) {
      requireNonNull(text, "text");
      String trimmed = text.strip();
      int slash = trimmed.indexOf('/');
      String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
      InetAddress address = parseAddress(addressText);
      int bits = address.getAddress().length * 8;
      if (slash < 0) {
        return new IpRange(address, bits);
      }
      String prefixText = trimmed.substring(slash + 1);
      int prefix = prefixText.matches("0|[1-9][0-9]{0,2}") ? Integer.parseInt(prefixText) : -1;
      if (address instanceof Inet4Address && addressText.contains(":")) {
        // ::ffff:a.b.c.d comes back as IPv4; its prefix counts the 96 mapping bits too.
        prefix = prefix < IPV4_MAPPED_PREFIX ? -1 : prefix - IPV4_MAPPED_PREFIX;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + text + "' has a bad prefix length '" + prefixText + "'");
      }
      return new IpRange(address, prefix);
    }

    /**
     * Parses an IPv4 literal in dotted-decimal form or an IPv6 literal (no brackets, no zone). Host
     * names are rejected without any DNS lookup.
     *
     * @throws IllegalArgumentException if the text is not such a literal; the message names it
     */
    public static InetAddress parseAddress(String text) {
      requireNonNull(text, "text");
      try {
        if (IPV4.matcher(text).matches()) {
          byte[] bytes = new byte[4];
          String[] parts = DOT.split(text, -1);
          for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
              throw new IllegalArgumentException("'" + text + "' is not an IP address");
            }
            bytes[i] = (byte) part;
          }
          return InetAddress.getByAddress(bytes);
        }
        if (IPV6.matcher(text).matches()) {
          // Brackets make InetAddress treat the text as an IPv6 literal and never resolve it.
          return InetAddress.getByName("[" + text + "]");
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
      }
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }

    /** Whether the address lies in this range; an address of the other family never does. */
    public boolean contains(InetAddress candidate) {
      requireNonNull(candidate, "candidate");
      byte[] mine = address.getAddress();
      byte[] theirs = candidate.getAddress();
      return mine.length == theirs.length && masked(candidate, prefixLength).equals(address);
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
      byte[] bytes = address.getAddress();
      for (int i = 0; i < bytes.length; i++) {
        int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
        bytes[i] &= (byte) (0xff << (8 - keep));
      }
      try {
        return InetAddress.getByAddress(bytes);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public String toString() {
      return address.getHostAddress() + "/" + prefixLength;
    }
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
    requireNonNull(flags, "flags");
    requireNonNull(env, "env");
    requireNonNull(workingDir, "workingDir");
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    given.putAll(byKey(readFile(workingDir.resolve(FILE_NAME)), FILE_NAME));
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.env());
      if (value != null) {
        given.put(setting, value);
      }
    }
    given.putAll(byKey(flags, ""));
    return fromText(given, workingDir);
  }

  /** Defaults only, port 0 and this data dir: a server for tests. Reads no file. */
  public static Settings defaults(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    given.put(Setting.PORT, "0");
    given.put(Setting.DATA_DIR, dataDir.toAbsolutePath().toString());
    return fromText(given, dataDir.toAbsolutePath());
  }

  /**
   * The same settings with the port the server actually bound, for a port given as 0. A public-url
   * left at its default follows the new port.
   */
  public Settings withBoundPort(int boundPort) {
    URI url = publicUrl.equals(defaultPublicUrl(port)) ? defaultPublicUrl(boundPort) : publicUrl;
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

  private static Settings fromText(Map<Setting, String> given, Path workingDir) {
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
    if (value.matches("[0-9]{1,5}") && Integer.parseInt(value) <= MAX_PORT) {
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

  private static URI defaultPublicUrl(int port) {
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
      return new StoreLocation.Sqlite(dataDir.resolve(SQLITE_FILE_NAME));
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
    if (number < 1 || number > MAX_PORT) {
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
