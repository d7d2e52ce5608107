package io.clicktrail.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

  /** The settings table of SPEC.md §1, verbatim, then the two settings it does not list. */
  private static final String SPEC_TABLE =
      """
      | port | CLICKTRAIL_PORT | 8080 | HTTP port (0 = pick a free one and print it) |
      | bind | CLICKTRAIL_BIND | 127.0.0.1 | address to listen on |
      | public-url | CLICKTRAIL_PUBLIC_URL | http://localhost:{port} | base of every tracked link |
      | data-dir | CLICKTRAIL_DATA_DIR | ./data | embedded store, generated secrets |
      | admin-token | CLICKTRAIL_ADMIN_TOKEN | generated, saved in data-dir/admin-token (mode 0600), printed once | token for /v1/accounts |
      | store | CLICKTRAIL_STORE | sqlite | `sqlite` or a `jdbc:postgresql://…` URL |
      | event-log | CLICKTRAIL_EVENT_LOG | embedded | `embedded` or `kafka://host:port[,host:port]` |
      | click-id-param | CLICKTRAIL_CLICK_ID_PARAM | click_id | query parameter appended on redirect |
      | event-window | CLICKTRAIL_EVENT_WINDOW | 7d | click webhooks only for messages sent within this window |
      | durability | CLICKTRAIL_DURABILITY | sync | `sync`: a click is durably stored before its 302; `async`: answer first |
      | count-bots | CLICKTRAIL_COUNT_BOTS | false | count bot/prefetch clicks in analytics and webhooks |
      | ip-anonymize | CLICKTRAIL_IP_ANONYMIZE | false | store IPv4 with last octet zeroed, IPv6 with the last 80 bits zeroed |
      | retention | CLICKTRAIL_RETENTION | 400d | raw clicks, inbound messages and delivery logs older than this are deleted; aggregates stay |
      | webhook-retry-schedule | CLICKTRAIL_WEBHOOK_RETRY_SCHEDULE | 5s,5m,30m,2h,5h,10h,14h,20h,24h | delays between delivery attempts (±20 % jitter when a delay is 1 s or more) |
      | webhook-timeout | CLICKTRAIL_WEBHOOK_TIMEOUT | 10s | per attempt |
      | webhook-disable-after | CLICKTRAIL_WEBHOOK_DISABLE_AFTER | 72h | a subscription failing continuously this long becomes `failed` |
      | webhook-allow-private | CLICKTRAIL_WEBHOOK_ALLOW_PRIVATE | false | allow subscription URLs that resolve to loopback/private/link-local addresses |
      | rate-card | CLICKTRAIL_RATE_CARD | built-in sample | CSV `country,category,price` used for cost metrics |
      | analytics-lookback | CLICKTRAIL_ANALYTICS_LOOKBACK | 90d | oldest `start` that template_analytics accepts |
      | trusted-proxies | CLICKTRAIL_TRUSTED_PROXIES | none | comma-separated IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed |
      | log-level | CLICKTRAIL_LOG_LEVEL | info | `error`, `warn`, `info`, `debug` or `trace` |
      """;

  @Test
  void settings_followTheSpecTable_inOrder() {
    List<List<String>> rows =
        SPEC_TABLE
            .lines()
            .map(line -> line.substring(2, line.length() - 2))
            .map(line -> Arrays.asList(line.split(" \\| ", -1)))
            .toList();

    List<Setting> settings = List.of(Setting.values());
    assertThat(settings).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      Setting setting = settings.get(i);
      List<String> row = rows.get(i);
      assertThat(setting.key()).isEqualTo(row.get(0));
      assertThat(setting.env()).as(setting.key()).isEqualTo(row.get(1));
      assertThat(setting.documentedDefault()).as(setting.key()).isEqualTo(row.get(2));
      assertThat(setting.description()).as(setting.key()).isEqualTo(row.get(3));
      assertThat(Setting.byKey(row.get(0))).contains(setting);
    }
  }

  @ParameterizedTest
  @EnumSource(Setting.class)
  void env_isPrefixedKeyInUpperCase(Setting setting) {
    assertThat(setting.env())
        .isEqualTo("CLICKTRAIL_" + setting.key().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  @Test
  void byKey_unknownOrDashedOrUpperCase_isEmpty() {
    assertThat(Setting.byKey("prot")).isEmpty();
    assertThat(Setting.byKey("--port")).isEmpty();
    assertThat(Setting.byKey("PORT")).isEmpty();
  }

  @Test
  void defaultValue_isLiteralDefaultOrEmptyWhereComputed() {
    Map<Setting, String> expected = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      expected.put(setting, setting.documentedDefault());
    }
    expected.put(Setting.PUBLIC_URL, "");
    expected.put(Setting.ADMIN_TOKEN, "");
    expected.put(Setting.RATE_CARD, "");
    expected.put(Setting.TRUSTED_PROXIES, "");

    for (Setting setting : Setting.values()) {
      assertThat(setting.defaultValue()).as(setting.key()).isEqualTo(expected.get(setting));
    }
  }

  @Test
  void load_nothingGiven_returnsEveryDefault(@TempDir Path dir) {
    Settings settings = Settings.load(Map.of(), Map.of(), dir);

    Path dataDir = dir.resolve("data").toAbsolutePath();
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.bind()).isEqualTo("127.0.0.1");
    assertThat(settings.publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(settings.dataDir()).isEqualTo(dataDir);
    assertThat(settings.adminToken()).isEmpty();
    assertThat(settings.store())
        .isEqualTo(new StoreLocation.Sqlite(dataDir.resolve("clicktrail.db")));
    assertThat(settings.eventLog()).isEqualTo(new EventLogLocation.Embedded());
    assertThat(settings.clickIdParam()).isEqualTo("click_id");
    assertThat(settings.eventWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.durability()).isEqualTo(Durability.SYNC);
    assertThat(settings.countBots()).isFalse();
    assertThat(settings.ipAnonymize()).isFalse();
    assertThat(settings.retention()).isEqualTo(Duration.ofDays(400));
    assertThat(settings.webhookRetrySchedule())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(14),
            Duration.ofHours(20),
            Duration.ofHours(24));
    assertThat(settings.webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.webhookDisableAfter()).isEqualTo(Duration.ofDays(3));
    assertThat(settings.webhookAllowPrivate()).isFalse();
    assertThat(settings.rateCard()).isEmpty();
    assertThat(settings.analyticsLookback()).isEqualTo(Duration.ofDays(90));
    assertThat(settings.trustedProxies()).isEmpty();
    assertThat(settings.logLevel()).isEqualTo("info");
  }

  @Test
  void load_everyDefaultValueGivenAsFlag_equalsNothingGiven(@TempDir Path dir) {
    Map<String, String> flags =
        Arrays.stream(Setting.values())
            .collect(Collectors.toMap(Setting::key, Setting::defaultValue));

    assertThat(Settings.load(flags, Map.of(), dir))
        .isEqualTo(Settings.load(Map.of(), Map.of(), dir));
  }

  @Test
  void effective_ofDefaults_isTheDefaultValues(@TempDir Path dir) {
    Map<Setting, String> effective = Settings.load(Map.of(), Map.of(), dir).effective();

    for (Setting setting : Setting.values()) {
      String expected =
          switch (setting) {
            case PUBLIC_URL -> "http://localhost:8080";
            case DATA_DIR -> dir.resolve("data").toAbsolutePath().toString();
            // Durations are written in their shortest form.
            case WEBHOOK_RETRY_SCHEDULE -> "5s,5m,30m,2h,5h,10h,14h,20h,1d";
            case WEBHOOK_DISABLE_AFTER -> "3d";
            default -> setting.defaultValue();
          };
      assertThat(effective.get(setting)).as(setting.key()).isEqualTo(expected);
    }
  }

  @Test
  void defaults_givenDataDir_usesPortZeroAndThatDir(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("clicktrail.properties"), "retention=1d\n", UTF_8);

    Settings settings = Settings.defaults(dir);

    assertThat(settings.port()).isZero();
    assertThat(settings.dataDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(settings.store()).isEqualTo(new StoreLocation.Sqlite(dir.resolve("clicktrail.db")));
    assertThat(settings.retention()).isEqualTo(Duration.ofDays(400));
    assertThat(settings.publicUrl()).isEqualTo(URI.create("http://localhost:0"));
  }

  @Test
  void withBoundPort_defaultPublicUrl_followsThePort(@TempDir Path dir) {
    Settings bound = Settings.defaults(dir).withBoundPort(43210);

    assertThat(bound.port()).isEqualTo(43210);
    assertThat(bound.publicUrl()).isEqualTo(URI.create("http://localhost:43210"));
    assertThat(bound.dataDir()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void withBoundPort_givenPublicUrl_isKept(@TempDir Path dir) {
    Settings settings =
        Settings.load(Map.of("port", "0", "public-url", "https://t.example"), Map.of(), dir);

    assertThat(settings.withBoundPort(43210).publicUrl())
        .isEqualTo(URI.create("https://t.example"));
  }

  static Stream<Arguments> precedence() {
    return Stream.of(
        Arguments.of(Setting.PORT, "1111", "2222", "3333", "8080"),
        Arguments.of(Setting.EVENT_WINDOW, "1d", "2h", "3m", "7d"),
        Arguments.of(
            Setting.STORE,
            "jdbc:postgresql://file/db",
            "jdbc:postgresql://env/db",
            "jdbc:postgresql://flag/db",
            "sqlite"));
  }

  @ParameterizedTest
  @MethodSource
  void precedence(
      Setting setting, String file, String env, String flag, String byDefault, @TempDir Path dir)
      throws IOException {
    Map<String, String> flags = Map.of(setting.key(), flag);
    Map<String, String> envs = Map.of(setting.env(), env);
    Files.writeString(
        dir.resolve("clicktrail.properties"), setting.key() + "=" + file + "\n", UTF_8);

    assertThat(effective(setting, flags, envs, dir)).as("flag").isEqualTo(flag);
    assertThat(effective(setting, Map.of(), envs, dir)).as("env").isEqualTo(env);
    assertThat(effective(setting, Map.of(), Map.of(), dir)).as("file").isEqualTo(file);
    Files.delete(dir.resolve("clicktrail.properties"));
    assertThat(effective(setting, Map.of(), Map.of(), dir)).as("default").isEqualTo(byDefault);
  }

  @Test
  void load_commandDefault_replacesOnlyTheBuiltInDefault(@TempDir Path dir) throws IOException {
    Setting setting = Setting.WEBHOOK_ALLOW_PRIVATE;
    Map<Setting, String> demo = Map.of(setting, "true");
    assertThat(Settings.load(Map.of(), Map.of(), dir, demo).webhookAllowPrivate())
        .as("command default")
        .isTrue();
    assertThat(Settings.load(Map.of(setting.key(), "false"), Map.of(), dir, demo))
        .as("flag")
        .returns(false, Settings::webhookAllowPrivate);
    assertThat(Settings.load(Map.of(), Map.of(setting.env(), "false"), dir, demo))
        .as("env")
        .returns(false, Settings::webhookAllowPrivate);
    Files.writeString(dir.resolve("clicktrail.properties"), setting.key() + "=false\n", UTF_8);
    assertThat(Settings.load(Map.of(), Map.of(), dir, demo))
        .as("file")
        .returns(false, Settings::webhookAllowPrivate);
  }

  private static String effective(
      Setting setting, Map<String, String> flags, Map<String, String> env, Path dir) {
    return Settings.load(flags, env, dir).effective().get(setting);
  }

  enum Source {
    FLAG,
    ENV,
    FILE
  }

  /** For each setting a valid value other than the default and its canonical effective text. */
  private static Map<Setting, List<String>> samples(Path dir) {
    Map<Setting, List<String>> samples = new EnumMap<>(Setting.class);
    samples.put(Setting.PORT, List.of("9090", "9090"));
    samples.put(Setting.BIND, List.of("0.0.0.0", "0.0.0.0"));
    samples.put(Setting.PUBLIC_URL, List.of("https://t.example.com/c/", "https://t.example.com/c"));
    samples.put(
        Setting.DATA_DIR, List.of("state", dir.resolve("state").toAbsolutePath().toString()));
    samples.put(Setting.ADMIN_TOKEN, List.of("tok_0123456789", "***"));
    samples.put(
        Setting.STORE,
        List.of("jdbc:postgresql://db:5432/clicktrail", "jdbc:postgresql://db:5432/clicktrail"));
    samples.put(Setting.EVENT_LOG, List.of("kafka://k1:9092, k2:9093", "kafka://k1:9092,k2:9093"));
    samples.put(Setting.CLICK_ID_PARAM, List.of("ct.id~x-y", "ct.id~x-y"));
    samples.put(Setting.EVENT_WINDOW, List.of("48h", "2d"));
    samples.put(Setting.DURABILITY, List.of("ASYNC", "async"));
    samples.put(Setting.COUNT_BOTS, List.of("TRUE", "true"));
    samples.put(Setting.IP_ANONYMIZE, List.of("True", "true"));
    samples.put(Setting.RETENTION, List.of("30d", "30d"));
    samples.put(Setting.WEBHOOK_RETRY_SCHEDULE, List.of("100ms, 0s,1000ms", "100ms,0s,1s"));
    samples.put(Setting.WEBHOOK_TIMEOUT, List.of("2s", "2s"));
    samples.put(Setting.WEBHOOK_DISABLE_AFTER, List.of("60m", "1h"));
    samples.put(Setting.WEBHOOK_ALLOW_PRIVATE, List.of("true", "true"));
    samples.put(
        Setting.RATE_CARD,
        List.of("rates.csv", dir.resolve("rates.csv").toAbsolutePath().toString()));
    samples.put(Setting.ANALYTICS_LOOKBACK, List.of("30d", "30d"));
    samples.put(
        Setting.TRUSTED_PROXIES, List.of("10.1.2.3/8, ::1", "10.0.0.0/8,0:0:0:0:0:0:0:1/128"));
    samples.put(Setting.LOG_LEVEL, List.of("DEBUG", "debug"));
    return samples;
  }

  static Stream<Arguments> everySettingFromEverySource() {
    return Arrays.stream(Setting.values())
        .flatMap(s -> Arrays.stream(Source.values()).map(source -> Arguments.of(s, source)));
  }

  @ParameterizedTest
  @MethodSource
  void everySettingFromEverySource(Setting setting, Source source, @TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("rates.csv"), "country,category,price\n", UTF_8);
    Map<Setting, List<String>> samples = samples(dir);
    assertThat(samples).containsOnlyKeys(Setting.values());
    String given = samples.get(setting).get(0);
    String expected = samples.get(setting).get(1);
    String byDefault = Settings.load(Map.of(), Map.of(), dir).effective().get(setting);
    Map<String, String> flags = new HashMap<>();
    Map<String, String> env = new HashMap<>();
    switch (source) {
      case FLAG -> flags.put(setting.key(), given);
      case ENV -> env.put(setting.env(), given);
      case FILE ->
          Files.writeString(
              dir.resolve("clicktrail.properties"), setting.key() + "=" + given + "\n", UTF_8);
    }

    Settings settings = Settings.load(flags, env, dir);

    assertThat(settings.effective().get(setting)).isEqualTo(expected);
    assertThat(expected).isNotEqualTo(byDefault);
    if (setting == Setting.ADMIN_TOKEN) {
      assertThat(settings.adminToken()).contains(given);
    }
  }

  @Test
  void load_unknownClicktrailEnv_isIgnored(@TempDir Path dir) {
    Settings settings =
        Settings.load(Map.of(), Map.of("CLICKTRAIL_PROT", "x", "PORT", "1", "HOME", "/"), dir);

    assertThat(settings.port()).isEqualTo(8080);
  }

  @Test
  void load_unknownFlag_namesTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(Map.of("prot", "9090"), Map.of(), dir))
        .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEmpty())
        .hasMessage("unknown setting 'prot'");
  }

  @Test
  void load_unknownKeyInFile_namesTheKeyAndTheFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("clicktrail.properties"), "port=1\nprot=9090\n", UTF_8);

    assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), dir))
        .isInstanceOf(SettingException.class)
        .hasMessage("unknown setting 'prot' in clicktrail.properties");
  }

  @Test
  void load_malformedFile_namesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("clicktrail.properties");
    Files.writeString(file, "port=\\u12\n", UTF_8);

    assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(), dir))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("cannot read " + file + ": ");
  }

  @Test
  void load_file_isReadAsUtf8WithCommentsAndSpaces(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("clicktrail.properties"),
        "# comment\n  data-dir = données  \nport: 7070\n",
        UTF_8);

    Settings settings = Settings.load(Map.of(), Map.of(), dir);

    assertThat(settings.dataDir()).isEqualTo(dir.resolve("données").toAbsolutePath());
    assertThat(settings.port()).isEqualTo(7070);
  }

  @Test
  void load_flagOverridesBadFileValue(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("clicktrail.properties"), "port=abc\n", UTF_8);

    assertThat(Settings.load(Map.of("port", "1"), Map.of(), dir).port()).isEqualTo(1);
  }

  static Stream<Arguments> badValues() {
    String kafka = "must be embedded or kafka://host:port[,host:port]";
    String duration = "must be a number followed by ms, s, m, h or d";
    String clickId = "must be one or more of the characters A-Z a-z 0-9 . _ ~ -";
    return Stream.of(
        bad("port", "abc", "'abc' is not a port number (0-65535)"),
        bad("port", "-1", "'-1' is not a port number (0-65535)"),
        bad("port", "65536", "'65536' is not a port number (0-65535)"),
        bad("port", "", "'' is not a port number (0-65535)"),
        bad("port", "８０", "'８０' is not a port number (0-65535)"),
        bad("bind", "not a host", "'not a host' is not an IP address or a host name"),
        bad("bind", "300.1.1.1", "'300.1.1.1' is not an IP address or a host name"),
        bad(
            "public-url",
            "ftp://t.example",
            "'ftp://t.example' must be an absolute http or https URL with a host"),
        bad(
            "public-url",
            "t.example/c",
            "'t.example/c' must be an absolute http or https URL with a host"),
        bad("public-url", "http://", "'http://' must be an absolute http or https URL"),
        bad(
            "public-url",
            "http://t example",
            "'http://t example' must be an absolute http or https URL"),
        bad(
            "public-url",
            "https://t.example/?a=1",
            "'https://t.example/?a=1' must not have a user, query or fragment"),
        bad(
            "public-url",
            "https://t.example/#x",
            "'https://t.example/#x' must not have a user, query or fragment"),
        bad(
            "public-url",
            "https://u:p@t.example",
            "'https://u:p@t.example' must not have a user, query or fragment"),
        bad("data-dir", "", "must not be empty"),
        bad("admin-token", "two words", "must not contain spaces or control characters"),
        bad("store", "mysql://x", "'mysql://x' must be sqlite or a jdbc:postgresql:// URL"),
        bad(
            "store",
            "postgres://db/x",
            "'postgres://db/x' must be sqlite or a jdbc:postgresql:// URL"),
        bad("store", "jdbc:postgresql://", "'jdbc:postgresql://' has no host"),
        bad("store", "jdbc:postgresql:///x", "'jdbc:postgresql:///x' has no host"),
        bad("event-log", "kafka://", "'kafka://' " + kafka),
        bad("event-log", "redis://r:6379", "'redis://r:6379' " + kafka),
        bad("event-log", "kafka://k1", "'kafka://k1': server 'k1' must be host:port"),
        bad("event-log", "kafka://k1:", "'kafka://k1:': server 'k1:' must be host:port"),
        bad("event-log", "kafka://k1:9092,", "'kafka://k1:9092,': server '' must be host:port"),
        bad(
            "event-log",
            "kafka://k 1:9092",
            "'kafka://k 1:9092': server 'k 1:9092' must be host:port"),
        bad(
            "event-log",
            "kafka://[zz]:9092",
            "'kafka://[zz]:9092': server '[zz]:9092' must be host:port"),
        bad(
            "event-log",
            "kafka://k1:99999",
            "'kafka://k1:99999': server 'k1:99999' has a bad port '99999' (1-65535)"),
        bad(
            "event-log",
            "kafka://k1:0",
            "'kafka://k1:0': server 'k1:0' has a bad port '0' (1-65535)"),
        bad(
            "event-log",
            "kafka://k1:x",
            "'kafka://k1:x': server 'k1:x' has a bad port 'x' (1-65535)"),
        bad("click-id-param", "", "'' " + clickId),
        bad("click-id-param", "click id", "'click id' " + clickId),
        bad("click-id-param", "a&b=c", "'a&b=c' " + clickId),
        bad("event-window", "5x", "duration '5x' " + duration),
        bad("event-window", "-5s", "duration '-5s' " + duration),
        bad("event-window", "0s", "'0s' must be longer than zero"),
        bad("retention", "7 d", "duration '7 d' " + duration),
        bad("retention", "", "duration '' " + duration),
        bad("webhook-timeout", "10", "duration '10' " + duration),
        bad("webhook-timeout", "0ms", "'0ms' must be longer than zero"),
        bad(
            "webhook-disable-after",
            "99999999999999999999d",
            "duration '99999999999999999999d' is too large"),
        bad("analytics-lookback", "90days", "duration '90days' " + duration),
        bad("webhook-retry-schedule", "", "must list at least one delay"),
        bad("webhook-retry-schedule", "5s,,5m", "'5s,,5m' has an empty delay"),
        bad("webhook-retry-schedule", "5s,", "'5s,' has an empty delay"),
        bad("webhook-retry-schedule", "5s,5x", "duration '5x' " + duration),
        bad("webhook-retry-schedule", "5s,-5s", "duration '-5s' " + duration),
        bad("durability", "fast", "'fast' must be sync or async"),
        bad("count-bots", "yes", "'yes' must be true or false"),
        bad("ip-anonymize", "1", "'1' must be true or false"),
        bad("webhook-allow-private", "on", "'on' must be true or false"),
        bad("trusted-proxies", "localhost", "'localhost' is not an IP address or CIDR range"),
        bad(
            "trusted-proxies",
            "10.0.0.1,proxy.example",
            "'proxy.example' is not an IP address or CIDR range"),
        bad("trusted-proxies", "10.0.0.0/33", "'10.0.0.0/33' is not an IP address or CIDR range"),
        bad("trusted-proxies", "::1/129", "'::1/129' is not an IP address or CIDR range"),
        bad("trusted-proxies", "10.0.0.0/", "'10.0.0.0/' is not an IP address or CIDR range"),
        bad("trusted-proxies", "10.0.0.1,", "'' is not an IP address or CIDR range"),
        bad("trusted-proxies", "1.2.3", "'1.2.3' is not an IP address or CIDR range"),
        bad("trusted-proxies", "fe80::1%eth0", "'fe80::1%eth0' is not an IP address or CIDR range"),
        bad("log-level", "verbose", "'verbose' must be one of error, warn, info, debug, trace"));
  }

  private static Arguments bad(String key, String value, String problem) {
    return Arguments.of(key, value, "setting " + key + ": " + problem);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void load_badFlag_stopsNamingTheSetting(
      String key, String value, String message, @TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(Map.of(key, value), Map.of(), dir))
        .isInstanceOfSatisfying(
            SettingException.class, e -> assertThat(e.setting()).isEqualTo(Setting.byKey(key)))
        .hasMessage(message)
        .hasNoSuppressedExceptions();
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void load_badEnv_stopsNamingTheSetting(
      String key, String value, String message, @TempDir Path dir) {
    String env = Setting.byKey(key).orElseThrow().env();

    assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(env, value), dir))
        .isInstanceOf(SettingException.class)
        .hasMessage(message);
  }

  @Test
  void load_missingRateCard_namesTheFile(@TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(Map.of("rate-card", "rates.csv"), Map.of(), dir))
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "setting rate-card: '"
                + dir.resolve("rates.csv").toAbsolutePath()
                + "' is not a readable file");
  }

  @Test
  void load_rateCardIsDirectory_isRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(Map.of("rate-card", "."), Map.of(), dir))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("setting rate-card: ");
  }

  @Test
  void load_nullFlagValue_namesTheSetting(@TempDir Path dir) {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", null);

    assertThatThrownBy(() -> Settings.load(flags, Map.of(), dir))
        .isInstanceOf(SettingException.class)
        .hasMessage("setting port: no value given");
  }

  @Test
  void toString_masksTheAdminToken(@TempDir Path dir) {
    Settings settings =
        Settings.load(Map.of(), Map.of("CLICKTRAIL_ADMIN_TOKEN", "s3cr3t-admin-token"), dir);

    assertThat(settings.adminToken()).contains("s3cr3t-admin-token");
    assertThat(settings.toString())
        .doesNotContain("s3cr3t")
        .contains("admin-token=***")
        .startsWith("Settings[port=8080, bind=127.0.0.1, ");
    assertThat(settings.effective().values()).noneMatch(v -> v.contains("s3cr3t"));
  }

  @Test
  void badAdminToken_messageDoesNotEchoTheToken(@TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(Map.of("admin-token", "s3cr3t\ttoken"), Map.of(), dir))
        .hasMessageNotContaining("s3cr3t");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db/x?user=app&password=hunter2&ssl=true"
            + " | jdbc:postgresql://db/x?user=app&password=***&ssl=true",
        "jdbc:postgresql://db/x?PASSWORD=hunter2 | jdbc:postgresql://db/x?PASSWORD=***",
        "jdbc:postgresql://app:hunter2@db/x | jdbc:postgresql://app:***@db/x",
        "jdbc:postgresql://db:5432/x | jdbc:postgresql://db:5432/x",
      })
  void postgresStore_passwordIsMaskedButKeptForTheDriver(
      String url, String masked, @TempDir Path dir) {
    Settings settings = Settings.load(Map.of("store", url), Map.of(), dir);

    assertThat(settings.store()).isEqualTo(new StoreLocation.Postgres(url));
    assertThat(settings.store()).hasToString(masked);
    assertThat(settings.toString()).contains("store=" + masked);
  }

  @Test
  void badStore_messageMasksThePassword(@TempDir Path dir) {
    assertThatThrownBy(
            () -> Settings.load(Map.of("store", "mysql://db/x?password=hunter2"), Map.of(), dir))
        .hasMessage(
            "setting store: 'mysql://db/x?password=***' must be sqlite or a jdbc:postgresql:// URL");
  }

  @Test
  void kafka_bootstrapServers_areParsed(@TempDir Path dir) {
    Settings settings =
        Settings.load(
            Map.of("event-log", "kafka://k1:9092,10.0.0.5:09093,[::1]:9094"), Map.of(), dir);

    EventLogLocation.Kafka kafka = (EventLogLocation.Kafka) settings.eventLog();
    assertThat(kafka.bootstrapServers()).containsExactly("k1:9092", "10.0.0.5:9093", "[::1]:9094");
    assertThat(kafka.bootstrapServersConfig()).isEqualTo("k1:9092,10.0.0.5:9093,[::1]:9094");
  }

  @Test
  void bind_acceptsIpv6AndHostNames(@TempDir Path dir) {
    assertThat(Settings.load(Map.of("bind", "::"), Map.of(), dir).bind()).isEqualTo("::");
    assertThat(Settings.load(Map.of("bind", "localhost"), Map.of(), dir).bind())
        .isEqualTo("localhost");
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.1, 10.0.0.1, true",
    "10.0.0.1, 10.0.0.2, false",
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "10.1.2.3/8, 10.9.9.9, true",
    "0.0.0.0/0, 192.168.1.1, true",
    "0.0.0.0/0, ::1, false",
    "192.168.1.128/25, 192.168.1.127, false",
    "192.168.1.128/25, 192.168.1.200, true",
    "::1, ::1, true",
    "::1, 127.0.0.1, false",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe80::1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "::ffff:10.0.0.0/104, 10.1.1.1, true",
    "::ffff:10.0.0.0/104, 11.1.1.1, false",
  })
  void ipRange_contains(String range, String address, boolean expected) {
    assertThat(IpRange.parse(range).contains(IpRange.parseAddress(address))).isEqualTo(expected);
  }

  @Test
  void ipRange_clearsHostBits() {
    assertThat(IpRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(IpRange.parse("10.1.2.3/8")).isEqualTo(IpRange.parse("10.0.0.0/8"));
    assertThat(IpRange.parse("fd12::1/8").address()).isEqualTo(IpRange.parseAddress("fd00::"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.-4",
        "::g",
        "fe80::1%eth0",
        "[::1]",
        "10.0.0.0/8/8",
        "10.0.0.0/-1",
        "10.0.0.0/08",
        "/8",
        "1:2:3:4:5:6:7:8:9",
        "١.٢.٣.٤"
      })
  void ipRange_notAnIpLiteral_isRejected(String text) {
    assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipRange_parseAddress_returnsTheLiteral() throws Exception {
    assertThat(IpRange.parseAddress("192.0.2.1"))
        .isEqualTo(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}));
    assertThat(IpRange.parseAddress("::1"))
        .isEqualTo(
            InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  }

  @Test
  void settingException_forPortInUse_namesTheSetting() {
    SettingException e = new SettingException(Setting.PORT, "9090 is already in use");

    assertThat(e).hasMessage("setting port: 9090 is already in use");
    assertThat(e.setting()).isEqualTo(Optional.of(Setting.PORT));
  }
}
