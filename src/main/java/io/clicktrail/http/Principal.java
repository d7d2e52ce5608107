package io.clicktrail.http;

import org.jspecify.annotations.Nullable;

/**
 * Who a request acts as: the server's admin, or one account.
 *
 * @param accountId the account, null for the admin
 */
public record Principal(Kind kind, @Nullable String accountId) {

  /** The two kinds of token. */
  public enum Kind {
    ADMIN,
    ACCOUNT
  }

  public static final Principal ADMIN = new Principal(Kind.ADMIN, null);

  public static Principal account(String accountId) {
    return new Principal(Kind.ACCOUNT, accountId);
  }
}
