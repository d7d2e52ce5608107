package io.clicktrail.account;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.Params;
import io.clicktrail.http.Principal;
import io.clicktrail.http.TokenResolver;
import io.clicktrail.store.ConstraintViolation;
import io.clicktrail.store.Sql;
import io.clicktrail.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts and their access tokens. Tokens are returned once, at creation; the store keeps only
 * their SHA-256 hash, so a presented token is looked up by its hash.
 */
public final class Accounts implements TokenResolver {
  private static final Pattern ID = Pattern.compile("[0-9]{1,32}");
  private static final int MAX_NAME = 200;

  private final Store store;
  private final AdminToken admin;
  private final InstantSource clock;

  public Accounts(Store store, AdminToken admin, InstantSource clock) {
    this.store = store;
    this.admin = admin;
    this.clock = clock;
  }

  /**
   * A new account as returned once to the admin, with its first token (and that token's id, so it
   * can be revoked like any other).
   */
  public record Created(
      String id,
      String name,
      String accessToken,
      String tokenId,
      String appSecret,
      String verifyToken) {}

  /** A new token of an account. */
  public record IssuedToken(String tokenId, String accessToken) {}

  /**
   * Creates an account.
   *
   * @param id digits only; generated when null
   * @throws ApiException 400 for a bad or duplicate id or name
   */
  public Created create(@org.jspecify.annotations.Nullable String id, String name) {
    String accountId = id == null ? Secrets.digits(15) : id;
    if (!ID.matcher(accountId).matches()) {
      throw ApiException.invalid("id '" + Params.clip(accountId) + "' must be 1 to 32 digits");
    }
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw ApiException.invalid("name must be 1 to " + MAX_NAME + " characters");
    }
    String appSecret = Secrets.hex(16);
    String verifyToken = Secrets.urlSafe(24);
    String token = Secrets.accessToken();
    String tokenId;
    try {
      tokenId =
          store.write(
              tx -> {
                Sql.update(
                    tx,
                    "INSERT INTO accounts (id, name, app_secret, verify_token, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                    accountId,
                    name,
                    appSecret,
                    verifyToken,
                    clock.millis());
                return insertToken(tx, accountId, token);
              });
    } catch (ConstraintViolation e) {
      throw ApiException.invalid("account id '" + accountId + "' already exists");
    }
    return new Created(accountId, name, token, tokenId, appSecret, verifyToken);
  }

  /** Issues another token for {@code accountId}. @throws ApiException 404 for an unknown account */
  public IssuedToken issueToken(String accountId) {
    requireExists(accountId);
    String token = Secrets.accessToken();
    String tokenId = store.write(tx -> insertToken(tx, accountId, token));
    return new IssuedToken(tokenId, token);
  }

  /** Revokes a token. @throws ApiException 404 when the account has no such live token */
  public void revokeToken(String accountId, String tokenId) {
    int changed =
        store.write(
            tx ->
                Sql.update(
                    tx,
                    "UPDATE account_tokens SET revoked_at = ? WHERE token_id = ? AND account_id = ?"
                        + " AND revoked_at IS NULL",
                    clock.millis(),
                    tokenId,
                    accountId));
    if (changed == 0) {
      throw ApiException.notFound(
          "account " + accountId + " has no live token " + Params.clip(tokenId));
    }
  }

  /** The account {@code id}, if it exists. */
  public Optional<Account> find(String id) {
    return store.read(
        c ->
            Sql.one(
                c,
                "SELECT id, name, app_secret, verify_token FROM accounts WHERE id = ?",
                rs ->
                    new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                id));
  }

  @Override
  public Optional<Principal> resolve(String token) {
    if (token.length() > 256) {
      return Optional.empty();
    }
    if (admin.matches(token)) {
      return Optional.of(Principal.ADMIN);
    }
    String hash = Secrets.hash(token);
    return store.read(
        c ->
            Sql.one(
                c,
                "SELECT account_id FROM account_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                rs -> Principal.account(rs.getString(1)),
                hash));
  }

  private void requireExists(String accountId) {
    if (find(accountId).isEmpty()) {
      throw ApiException.notFound("unknown account " + Params.clip(accountId));
    }
  }

  private String insertToken(Connection tx, String accountId, String token) throws SQLException {
    String tokenId = Secrets.digits(16);
    Sql.update(
        tx,
        "INSERT INTO account_tokens (token_id, account_id, token_hash, created_at)"
            + " VALUES (?, ?, ?, ?)",
        tokenId,
        accountId,
        Secrets.hash(token),
        clock.millis());
    return tokenId;
  }
}
