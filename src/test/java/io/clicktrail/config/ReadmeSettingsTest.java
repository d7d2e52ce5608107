package io.clicktrail.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table names every setting, with its env var, the way the code reads it. */
class ReadmeSettingsTest {

  @Test
  void readme_listsEverySettingWithItsEnvVariable() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (Setting s : Setting.values()) {
      assertThat(readme)
          .as("README row for %s", s.key())
          .contains("| " + s.key() + " | " + s.env() + " | ");
    }
  }
}
