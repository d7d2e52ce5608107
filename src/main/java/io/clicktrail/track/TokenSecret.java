package io.clicktrail.track;

import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Base64;

/**
 * The secret tracked-link tokens are signed with: generated on first start and kept in the store,
 * so every instance sharing the store verifies the same tokens.
 */
public final class TokenSecret {
  private static final String NAME = "tracking-token-hmac";

  private TokenSecret() {}

  /** The stored secret, created (first writer wins) when there is none. */
  public static byte[] loadOrCreate(Store store, InstantSource clock) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String encoded = Base64.getEncoder().encodeToString(fresh);
    String stored =
        store.write(
            tx -> {
              Sql.update(
                  tx,
                  "INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (name) DO NOTHING",
                  NAME,
                  encoded,
                  clock.millis());
              return Sql.one(
                      tx,
                      "SELECT secret FROM server_secrets WHERE name = ?",
                      rs -> rs.getString(1),
                      NAME)
                  .orElseThrow(() -> new SQLException("no server secret " + NAME));
            });
    return Base64.getDecoder().decode(stored);
  }
}
