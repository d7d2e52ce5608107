/**
 * Settings: every key of the specification's settings table, read once at start-up from flags,
 * {@code CLICKTRAIL_*} environment variables and {@code clicktrail.properties} in the working
 * directory (flag beats env beats file beats default), parsed into typed values and validated
 * before anything starts, so that a bad value stops start-up with one line naming the setting.
 * Durations are written {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h} or {@code 7d}.
 */
package io.clicktrail.config;
