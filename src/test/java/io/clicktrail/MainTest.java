package io.clicktrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's failure paths: one line naming the problem, status 2, nothing started. */
class MainTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void version_printsTheVersion() {
    Run r = run("version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo("clicktrail " + Main.VERSION + System.lineSeparator());
  }

  @Test
  void badSetting_printsOneLineNamingIt_andExits2() {
    Run r = run("serve", "--event-window", "5x", "--data-dir", dir.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "clicktrail: setting event-window: duration '5x' must be a number followed by ms, s, m,"
                + " h or d");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void unknownFlag_printsOneLine_andExits2() {
    Run r = run("serve", "--prot", "1");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "clicktrail: Unknown options: '--prot', '1' (see: clicktrail serve --help)");
  }

  @Test
  void portInUse_printsOneLineNamingThePort_andLeavesNothingRunning() throws Exception {
    try (TestServer running = TestServer.start(dir.resolve("first"))) {
      int port = running.app().settings().port();
      Path second = dir.resolve("second");
      Run r = run("serve", "--port", Integer.toString(port), "--data-dir", second.toString());
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err().lines().toList())
          .containsExactly(
              "clicktrail: setting port: cannot listen on 127.0.0.1:" + port + " (in use)");
      List<Path> created = new ArrayList<>();
      if (Files.exists(second)) {
        try (var files = Files.list(second)) {
          files.forEach(created::add);
        }
      }
      assertThat(created).as("nothing half-started in the data dir").isEmpty();
    }
  }

  @Test
  void dataDirInUse_printsOneLine_andExits2() {
    try (TestServer running = TestServer.start(dir)) {
      Run r = run("serve", "--port", "0", "--data-dir", dir.toString());
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err().lines().toList())
          .containsExactly(
              "clicktrail: setting data-dir: data directory "
                  + dir.toAbsolutePath()
                  + " is in use by another clicktrail process");
    }
  }
}
