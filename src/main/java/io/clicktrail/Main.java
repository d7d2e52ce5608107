package io.clicktrail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.clicktrail.config.Setting;
import io.clicktrail.config.SettingException;
import io.clicktrail.config.Settings;
import io.clicktrail.demo.DemoSeeder;
import io.clicktrail.demo.SeededDemo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line: {@code serve}, {@code demo} and {@code version}. Every setting of {@link
 * Setting} is a flag of {@code serve} and {@code demo}; environment variables and {@code
 * clicktrail.properties} are read by {@link Settings#load}. A bad setting prints one line naming it
 * and exits with status 2.
 *
 * <p>{@code demo} starts the server on a new data dir, seeds it with {@link DemoSeeder} and serves
 * until stopped. It defaults {@code webhook-allow-private} to true ({@link #DEMO_DEFAULTS}): the
 * demo subscribes webhooks to its own receiver on the loopback address, which {@code serve}'s
 * default refuses. A flag, variable or file that sets it still decides. The receiver is closed
 * after the server on shutdown.
 */
public final class Main {
  static final String VERSION = "0.1.0";

  /**
   * The demo's own defaults: its webhook subscriptions point at a receiver it runs on 127.0.0.1,
   * which the URL guard accepts only with {@code webhook-allow-private}. A user's setting still
   * wins.
   */
  static final Map<Setting, String> DEMO_DEFAULTS = Map.of(Setting.WEBHOOK_ALLOW_PRIVATE, "true");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine();
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println(
          "clicktrail: "
              + e.getMessage()
              + " (see: clicktrail "
              + (e.getCommandLine().getCommandName().equals("clicktrail")
                  ? ""
                  : e.getCommandLine().getCommandName() + " ")
              + "--help)");
      return 2;
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return 0;
    }
    ParseResult sub = parsed.subcommand();
    if (sub == null) {
      cli.usage(out);
      return 2;
    }
    String command = sub.commandSpec().name();
    if (command.equals("version")) {
      out.println("clicktrail " + VERSION);
      return 0;
    }
    Map<String, String> flags = new HashMap<>();
    for (OptionSpec o : sub.matchedOptions()) {
      flags.put(o.longestName().substring(2), o.getValue().toString());
    }
    Path workingDir = Path.of("").toAbsolutePath();
    try {
      boolean demo = command.equals("demo");
      if (demo) {
        flags.put(Setting.DATA_DIR.key(), demoDataDir(flags).toString());
      }
      Settings settings =
          Settings.load(flags, System.getenv(), workingDir, demo ? DEMO_DEFAULTS : Map.of());
      setLogLevel(settings.logLevel());
      Clicktrail app = Clicktrail.start(settings, InstantSource.system());
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicReference<SeededDemo> seeded = new AtomicReference<>();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // the server first, so deliveries in flight to the demo receiver finish
                    app.close();
                    SeededDemo d = seeded.get();
                    if (d != null) {
                      d.close();
                    }
                    stopped.countDown();
                  },
                  "shutdown"));
      exitCleanlyOn("TERM");
      exitCleanlyOn("INT");
      out.println("clicktrail listening on " + app.baseUrl());
      if (demo) {
        seeded.set(DemoSeeder.seed(app.baseUrl(), adminToken(app, settings), out));
      } else {
        app.generatedAdminToken()
            .ifPresent(
                t ->
                    out.println(
                        "admin token (shown once; saved in "
                            + settings.dataDir().resolve("admin-token")
                            + "): "
                            + t));
      }
      stopped.await();
      return 0;
    } catch (SettingException e) {
      err.println("clicktrail: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("clicktrail: failed to start: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * A stop signal is the normal way to end the server: exit with status 0 (the JVM's default is 128
   * + signal) after the shutdown hook has stopped accepting, flushed and closed everything.
   */
  @SuppressWarnings("SystemExitOutsideMain")
  private static void exitCleanlyOn(String signal) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal(signal),
          s -> new Thread(() -> System.exit(0), "exit-on-" + signal).start());
    } catch (IllegalArgumentException e) {
      // the platform does not have this signal, or the JVM reserves it: keep its default
    }
  }

  private static String adminToken(Clicktrail app, Settings settings) {
    return settings
        .adminToken()
        .or(app::generatedAdminToken)
        .orElseThrow(() -> new SettingException(Setting.DATA_DIR, "demo needs a fresh data dir"));
  }

  /** The demo's data dir: the one given (which must be new or empty), else a new temporary one. */
  private static Path demoDataDir(Map<String, String> flags) {
    try {
      String given = flags.get(Setting.DATA_DIR.key());
      if (given == null) {
        given = System.getenv(Setting.DATA_DIR.env());
      }
      if (given == null) {
        return Files.createTempDirectory("clicktrail-demo-");
      }
      Path dir = Path.of(given).toAbsolutePath();
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new SettingException(
                Setting.DATA_DIR, dir + " is not empty; the demo needs a new or empty directory");
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new SettingException(Setting.DATA_DIR, "cannot create a demo directory: " + e);
    }
  }

  private static void setLogLevel(String level) {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level, Level.INFO));
    }
  }

  static CommandLine commandLine() {
    CommandSpec root =
        CommandSpec.create()
            .name("clicktrail")
            .mixinStandardHelpOptions(true)
            .version("clicktrail " + VERSION);
    root.usageMessage()
        .description("Self-hosted engagement tracking: tracked links, click webhooks, analytics.");
    root.addSubcommand("serve", withSettings(CommandSpec.create(), "Start the server.", Map.of()));
    root.addSubcommand(
        "demo",
        withSettings(
            CommandSpec.create(),
            "Start the server on a fresh data dir and seed a demo campaign through the public API.",
            DEMO_DEFAULTS));
    CommandSpec version = CommandSpec.create();
    version.usageMessage().description("Print the version.");
    root.addSubcommand("version", version);
    return new CommandLine(root);
  }

  private static CommandSpec withSettings(
      CommandSpec spec, String description, Map<Setting, String> defaults) {
    spec.mixinStandardHelpOptions(true);
    spec.usageMessage().description(description);
    for (Setting s : Setting.values()) {
      String help =
          s.description()
              + " (env "
              + s.env()
              + ", default "
              + defaults.getOrDefault(s, s.documentedDefault())
              + ")";
      spec.addOption(
          OptionSpec.builder("--" + s.key())
              .paramLabel("<" + s.key() + ">")
              .type(String.class)
              // picocli formats descriptions: a literal percent sign must be doubled
              .description(help.replace("%", "%%"))
              .build());
    }
    return spec;
  }
}
