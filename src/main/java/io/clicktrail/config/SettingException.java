package io.clicktrail.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A setting that cannot be used. The message is the one line printed when start-up stops; it names
 * the setting (or the unknown key) and, except for secrets, the bad value.
 */
public final class SettingException extends RuntimeException {
  private final Setting setting;

  /**
   * Creates an exception whose message is {@code setting <key>: <problem>}, for example {@code
   * setting port: 9090 is already in use}.
   */
  public SettingException(Setting setting, String problem) {
    super("setting " + setting.key() + ": " + requireNonNull(problem, "problem"));
    this.setting = setting;
  }

  private SettingException(String message) {
    super(message);
    this.setting = null;
  }

  /** An unknown key given as a flag ({@code where} empty) or in a file ({@code where} its name). */
  static SettingException unknownKey(String key, String where) {
    return new SettingException(
        "unknown setting '" + key + "'" + (where.isEmpty() ? "" : " in " + where));
  }

  /** A settings file that exists but cannot be read. */
  static SettingException unreadable(String file, String reason) {
    return new SettingException("cannot read " + file + ": " + reason);
  }

  /** The setting at fault; empty for an unknown key or an unreadable settings file. */
  public Optional<Setting> setting() {
    return Optional.ofNullable(setting);
  }
}
