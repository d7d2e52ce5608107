package io.clicktrail.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.MutableClock;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw inbound messages and Meta clicks expire with the retention setting; aggregates stay. */
class InboundRetentionTest {
  @TempDir Path dir;

  @Test
  void rawInboundRows_expireAfterRetention_contactsAndReferralsStay() {
    MutableClock clock = MutableClock.at(Instant.parse("2025-06-18T12:00:00Z"));
    Map<String, String> flags = Map.of("retention", "2d");
    try (TestServer server = TestServer.start(dir, flags, clock)) {
      TestServer.Account acme = server.createAccount(Fixtures.ACME_ID, "Acme");
      Inbound.post(server, acme, Inbound.fixture("inbound-ctwa-referral.json"));
      Inbound.post(server, acme, Inbound.fixture("click-user-action.json"));
      Inbound.awaitProjected(server);
      clock.advance(Duration.ofDays(1));
    }
    try (TestServer server = TestServer.start(dir, flags, clock)) {
      assertThat(server.queryLong("SELECT COUNT(*) FROM inbound_messages")).isEqualTo(1);
      assertThat(server.queryLong("SELECT COUNT(*) FROM meta_user_actions")).isEqualTo(1);
    }

    clock.advance(Duration.ofDays(1).plusMinutes(1));
    try (TestServer server = TestServer.start(dir, flags, clock)) {
      assertThat(server.queryLong("SELECT COUNT(*) FROM inbound_messages")).isZero();
      assertThat(server.queryLong("SELECT COUNT(*) FROM meta_user_actions")).isZero();
      assertThat(server.queryLong("SELECT COUNT(*) FROM wa_contacts")).isEqualTo(1);
      assertThat(server.queryLong("SELECT COUNT(*) FROM ad_referrals")).isEqualTo(1);
    }
  }
}
