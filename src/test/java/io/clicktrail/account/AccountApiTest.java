package io.clicktrail.account;

import static io.clicktrail.testing.TestServer.assertGraphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountApiTest {
  private static final String TEMPLATES = "/v1/templates";

  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response createAccount(Object body) {
    return server.post("/v1/accounts", server.adminToken(), body);
  }

  @Test
  void createWithId_returns201WithSecretsAndAWorkingToken() {
    var r = createAccount(Map.of("id", "102290129340398", "name", "Acme"));

    assertThat(r.status()).isEqualTo(201);
    JsonNode a = r.json();
    assertThat(a.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "id", "name", "access_token", "token_id", "app_secret", "verify_token");
    assertThat(a.get("id").asText()).isEqualTo("102290129340398");
    assertThat(a.get("name").asText()).isEqualTo("Acme");
    assertThat(a.get("access_token").asText()).matches("ct_[A-Za-z0-9_-]{43}");
    assertThat(a.get("app_secret").asText()).matches("[0-9a-f]{32}");
    assertThat(a.get("verify_token").asText()).matches("[A-Za-z0-9_-]{32}");
    var list = server.get(TEMPLATES, a.get("access_token").asText());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).isEqualTo("{\"data\":[],\"paging\":{\"cursors\":{}}}");
  }

  @Test
  void createWithoutId_generatesDistinctDigitIds() {
    String first = createAccount(Map.of("name", "One")).json().get("id").asText();
    String second = createAccount(Map.of("name", "Two")).json().get("id").asText();

    assertThat(first).matches("[1-9][0-9]{14}");
    assertThat(second).matches("[1-9][0-9]{14}").isNotEqualTo(first);
  }

  @Test
  void duplicateId_returns400Code100AndKeepsTheFirst() {
    createAccount(Map.of("id", "42", "name", "First"));

    var r = createAccount(Map.of("id", "42", "name", "Second"));

    assertGraphError(r, 400, 100, "42");
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isEqualTo(1);
    assertThat(server.cells("accounts")).contains("First").doesNotContain("Second");
    assertThat(server.queryLong("SELECT COUNT(*) FROM account_tokens")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "12a", "", " 12", "-5", "١٢٣", "123456789012345678901234567890123"})
  void nonDigitId_returns400NamingId(String id) {
    var r = createAccount(Map.of("id", id, "name", "Acme"));

    assertGraphError(r, 400, 100, "id");
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isZero();
  }

  @Test
  void numericIdValue_returns400NamingId() {
    assertGraphError(createAccount("{\"id\":42,\"name\":\"Acme\"}"), 400, 100, "'id'");
  }

  @Test
  void missingOrBlankName_returns400NamingName() {
    assertGraphError(createAccount(Map.of("id", "7")), 400, 100, "name");
    assertGraphError(createAccount(Map.of("id", "7", "name", "  ")), 400, 100, "name");
    assertGraphError(createAccount("{\"id\":\"7\",\"name\":null}"), 400, 100, "name");
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isZero();
  }

  @Test
  void unknownField_returns400NamingIt() {
    assertGraphError(createAccount(Map.of("name", "Acme", "plan", "gold")), 400, 100, "'plan'");
  }

  @Test
  void accountToken_onAdminApi_returns403Code200() {
    var acme = server.createAccount("1", "Acme");

    assertGraphError(
        server.post("/v1/accounts", acme.token(), Map.of("name", "X")), 403, 200, "admin");
    assertGraphError(server.post("/v1/accounts/1/tokens", acme.token(), null), 403, 200, "admin");
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isEqualTo(1);
    assertThat(server.queryLong("SELECT COUNT(*) FROM account_tokens")).isEqualTo(1);
  }

  @Test
  void noToken_returns401Code190WithAFreshTraceId() {
    var first = server.post("/v1/accounts", null, Map.of("name", "X"));
    var second = server.post("/v1/accounts", null, Map.of("name", "X"));

    assertGraphError(first, 401, 190, "token");
    assertThat(first.json().get("error").get("type").asText()).isEqualTo("OAuthException");
    assertThat(first.json().get("error").get("fbtrace_id").asText())
        .matches("[A-Za-z0-9_-]{23}")
        .isNotEqualTo(second.json().get("error").get("fbtrace_id").asText());
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nope",
        "Bearer",
        "Bearer ",
        "Basic dGVzdDp0ZXN0",
        "Bearer ct_x",
        "test-admin-token"
      })
  void garbageAuthorization_returns401Code190(String header) {
    var r =
        server.send(
            "POST",
            "/v1/accounts",
            "{\"name\":\"X\"}".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            header);

    assertGraphError(r, 401, 190, "token");
    assertThat(server.queryLong("SELECT COUNT(*) FROM accounts")).isZero();
  }

  @Test
  void issuedToken_worksUntilRevoked_thenReturns401() {
    var acme = server.createAccount("1", "Acme");
    var issued = server.post("/v1/accounts/1/tokens", server.adminToken(), null);
    assertThat(issued.status()).isEqualTo(201);
    String tokenId = issued.json().get("token_id").asText();
    String token = issued.json().get("access_token").asText();
    assertThat(tokenId).matches("[0-9]+");
    assertThat(token).matches("ct_[A-Za-z0-9_-]{43}").isNotEqualTo(acme.token());
    assertThat(server.get(TEMPLATES, token).status()).isEqualTo(200);

    var revoked = server.delete("/v1/accounts/1/tokens/" + tokenId, server.adminToken());

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body()).isEqualTo("{\"success\":true}");
    assertGraphError(server.get(TEMPLATES, token), 401, 190, "token");
    assertThat(server.get(TEMPLATES, acme.token()).status()).isEqualTo(200);
    assertGraphError(
        server.delete("/v1/accounts/1/tokens/" + tokenId, server.adminToken()), 404, 803, tokenId);
  }

  @Test
  void revokeUnknownToken_returns404Code803() {
    server.createAccount("1", "Acme");

    assertGraphError(
        server.delete("/v1/accounts/1/tokens/999", server.adminToken()), 404, 803, "999");
  }

  @Test
  void revokeThroughAnotherAccount_returns404AndKeepsTheToken() {
    server.createAccount("1", "Acme");
    server.createAccount("2", "Beta");
    var issued = server.post("/v1/accounts/1/tokens", server.adminToken(), null).json();

    var r =
        server.delete(
            "/v1/accounts/2/tokens/" + issued.get("token_id").asText(), server.adminToken());

    assertGraphError(r, 404, 803, issued.get("token_id").asText());
    assertThat(server.get(TEMPLATES, issued.get("access_token").asText()).status()).isEqualTo(200);
  }

  @Test
  void issueTokenForUnknownAccount_returns404Code803() {
    assertGraphError(
        server.post("/v1/accounts/77/tokens", server.adminToken(), null), 404, 803, "77");
    assertThat(server.queryLong("SELECT COUNT(*) FROM account_tokens")).isZero();
  }

  @Test
  void accessTokenQueryParameter_authenticates() {
    var acme = server.createAccount("1", "Acme");

    assertThat(server.get(TEMPLATES + "?access_token=" + acme.token(), null).status())
        .isEqualTo(200);
    assertGraphError(server.get(TEMPLATES + "?access_token=ct_forged", null), 401, 190, "token");
    var created =
        server.post("/v1/accounts?access_token=" + server.adminToken(), null, Map.of("name", "Q"));
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void bearerScheme_isCaseInsensitive() {
    var acme = server.createAccount("1", "Acme");

    var r = server.send("GET", TEMPLATES, null, "Authorization", "bearer " + acme.token());

    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void tokens_areStoredOnlyAsHashes() throws Exception {
    List<String> tokens = new ArrayList<>();
    tokens.add(server.createAccount("1", "Acme").token());
    tokens.add(server.createAccount(null, "Beta").token());
    for (int i = 0; i < 3; i++) {
      tokens.add(
          server
              .post("/v1/accounts/1/tokens", server.adminToken(), null)
              .json()
              .get("access_token")
              .asText());
    }
    String id =
        server
            .post("/v1/accounts/1/tokens", server.adminToken(), null)
            .json()
            .get("token_id")
            .asText();
    server.delete("/v1/accounts/1/tokens/" + id, server.adminToken());
    server.close();

    List<String> cells = server.cells("account_tokens");
    assertThat(server.queryLong("SELECT COUNT(*) FROM account_tokens")).isEqualTo(6);
    for (String token : tokens) {
      String secret = token.substring(3);
      assertThat(cells).noneMatch(c -> c.contains(secret));
      assertThat(cells).contains(sha256Hex(token));
    }
    for (Path file : List.of(server.database(), dir.resolve("clicktrail.db-wal"))) {
      if (Files.exists(file)) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(tokens).noneMatch(t -> raw.contains(t.substring(3)));
      }
    }
  }

  private static String sha256Hex(String s) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void firstToken_hasAnIdAndCanBeRevoked() {
    JsonNode created =
        server.post("/v1/accounts", server.adminToken(), Map.of("name", "Revocable")).json();
    String id = created.get("id").asText();
    String token = created.get("access_token").asText();
    assertThat(created.get("token_id").asText()).matches("[0-9]{16}");

    var revoke =
        server.delete(
            "/v1/accounts/" + id + "/tokens/" + created.get("token_id").asText(),
            server.adminToken());

    assertThat(revoke.status()).isEqualTo(200);
    assertThat(server.get("/v1/clicks", token).status()).isEqualTo(401);
  }
}
