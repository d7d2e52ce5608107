package io.clicktrail.account;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Router;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The admin API: {@code /v1/accounts} and account tokens. */
public final class AccountRoutes {
  private AccountRoutes() {}

  /** Body of {@code POST /v1/accounts}. */
  record CreateAccount(@Nullable String id, @Nullable String name) {}

  public static void register(Router router, Accounts accounts) {
    router.add(
        "POST",
        "/v1/accounts",
        req -> {
          req.requireAdmin();
          CreateAccount body = req.body(CreateAccount.class);
          if (body.name() == null) {
            throw ApiException.invalid("missing field 'name'");
          }
          return ApiResponse.json(201, accounts.create(body.id(), body.name()));
        });
    router.add(
        "POST",
        "/v1/accounts/{id}/tokens",
        req -> {
          req.requireAdmin();
          return ApiResponse.json(201, accounts.issueToken(req.path("id")));
        });
    router.add(
        "DELETE",
        "/v1/accounts/{id}/tokens/{token_id}",
        req -> {
          req.requireAdmin();
          accounts.revokeToken(req.path("id"), req.path("token_id"));
          return ApiResponse.ok(Map.of("success", true));
        });
  }
}
