package dev.switchboard.authconfig;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Auth configs over REST in the Composio SDK's shape (the SDK itself drives them in ComposioSdkTest). */
@QuarkusTest
class AuthConfigResourceTest {

    private static final String SECRET = "sk-live-this-must-never-leave-the-server";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    private Row storedRow(String id) {
        return pool.preparedQuery("select tenant_id, secret_ciphertext, secret_key_id, header_name from auth_config where id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private String openStoredSecret(String id) {
        Row row = storedRow(id);
        return secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), row.getBuffer("secret_ciphertext").getBytes()),
                row.getString("tenant_id") + "/" + id);
    }

    private static Map<String, Object> create(String toolkit, Map<String, Object> authConfig) {
        return Map.of("toolkit", Map.of("slug", toolkit), "auth_config", authConfig);
    }

    private static Map<String, Object> custom(String scheme, Map<String, ?> credentials) {
        return Map.of("type", "use_custom_auth", "authScheme", scheme, "credentials", credentials);
    }

    private static org.hamcrest.Matcher<String> containsSecret() {
        return containsString(SECRET);
    }

    @Test
    void aSharedApiKeyIsStoredEncryptedAndAnsweredMasked() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String body = tenant.api().body(create("github", Map.of("type", "use_custom_auth", "authScheme", "API_KEY", "name", "bot",
                        "credentials", Map.of("header_name", "X-Api-Key", "api_key", SECRET))))
                .post(ROOT + "/auth_configs")
                .then().statusCode(201)
                .body("toolkit.slug", equalTo("github"))
                .body("auth_config.id", startsWith("ac_"))
                .body("auth_config.auth_scheme", equalTo("API_KEY"))
                .body("auth_config.is_composio_managed", equalTo(false))
                .body("auth_config.is_shared_credential", equalTo(true))
                .body("auth_config.credentials.header_name", equalTo("X-Api-Key"))
                .body("auth_config.credentials.api_key", equalTo("********"))
                .extract().asString();
        assertFalse(body.contains(SECRET));
        String id = JsonPath.from(body).getString("auth_config.id");

        byte[] ciphertext = storedRow(id).getBuffer("secret_ciphertext").getBytes();
        assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains(SECRET), "stored in plain text");
        assertEquals("test", storedRow(id).getString("secret_key_id"));
        assertEquals(SECRET, openStoredSecret(id));

        tenant.api().get(ROOT + "/auth_configs/" + id).then().statusCode(200)
                .body(not(containsSecret()))
                .body("id", equalTo(id))
                .body("name", equalTo("bot"))
                .body("type", equalTo("custom"))
                .body("status", equalTo("ENABLED"))
                .body("no_of_connections", equalTo(0))
                .body("toolkit.slug", equalTo("github"))
                .body("toolkit.logo", equalTo(""))
                .body("auth_scheme", equalTo("API_KEY"))
                .body("is_composio_managed", equalTo(false))
                .body("is_enabled_for_tool_router", equalTo(false))
                .body("credentials.api_key", equalTo("********"))
                .body("expected_input_fields", empty())
                .body("tool_access_config.size()", equalTo(0))
                .body("proxy_config", nullValue())
                .body("created_by", startsWith("api_key:"))
                .body("created_at", notNullValue())
                .body("last_updated_at", notNullValue());
        tenant.api().get(ROOT + "/auth_configs").then().statusCode(200).body(not(containsSecret()));
    }

    @Test
    void anApiKeyOrTokenConfigWithoutAKeyTakesEachUsersOwn() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String apiKey = tenant.authConfig("github", "API_KEY", Map.of());
        tenant.api().get(ROOT + "/auth_configs/" + apiKey).then().statusCode(200)
                .body("is_shared_credential", equalTo(false))
                .body("credentials.header_name", equalTo("X-API-Key"))
                .body("credentials.api_key", nullValue())
                .body("expected_input_fields.name", contains("api_key"))
                .body("expected_input_fields[0].is_secret", equalTo(true))
                .body("expected_input_fields[0].required", equalTo(true));
        String token = tenant.authConfig("github", "BEARER_TOKEN", Map.of());
        tenant.api().get(ROOT + "/auth_configs/" + token).then().statusCode(200)
                .body("is_shared_credential", equalTo(false))
                .body("name", equalTo("GITHUB (BEARER_TOKEN)"))
                .body("expected_input_fields.name", contains("token"));
        assertNull(storedRow(apiKey).getValue("secret_ciphertext"));
    }

    @Test
    void oauth2ConfigsKeepTheirClientAndScopes() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = tenant.authConfig("github", "OAUTH2", Map.of("client_id", "client-1", "client_secret", SECRET,
                "authorization_url", "https://idp.example.com/authorize", "token_url", "https://idp.example.com/token",
                "scopes", "repo, read:user openid"));
        tenant.api().get(ROOT + "/auth_configs/" + id).then().statusCode(200)
                .body(not(containsSecret()))
                .body("auth_scheme", equalTo("OAUTH2"))
                .body("is_shared_credential", equalTo(false))
                .body("credentials.client_id", equalTo("client-1"))
                .body("credentials.client_secret", equalTo("********"))
                .body("credentials.authorization_url", equalTo("https://idp.example.com/authorize"))
                .body("credentials.token_url", equalTo("https://idp.example.com/token"))
                .body("credentials.scopes", contains("repo", "read:user", "openid"))
                .body("expected_input_fields", empty());
        assertEquals(SECRET, openStoredSecret(id));

        // Raw REST callers may send the scopes as an array; a public client (PKCE) has no secret.
        String array = tenant.authConfig("github", "OAUTH2", Map.of("client_id", 4711,
                "authorization_url", "https://idp.example.com/authorize", "token_url", "https://idp.example.com/token",
                "scopes", List.of("repo", "gist")));
        tenant.api().get(ROOT + "/auth_configs/" + array).then().statusCode(200)
                .body("credentials.client_id", equalTo("4711"))
                .body("credentials.scopes", contains("repo", "gist"))
                .body("credentials.client_secret", nullValue());

        tenant.api().body(create("github", custom("OAUTH2", Map.of("client_id", "c", "authorization_url", "ftp://idp.example.com/a"))))
                .post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", contains("auth_config.credentials.authorization_url"));
        tenant.api().body(create("github", custom("OAUTH2", Map.of("client_id", "c", "authorization_url", "https://idp.example.com/a"))))
                .post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", contains("auth_config.credentials.token_url"));
        tenant.api().body(create("github", custom("OAUTH2", Map.of("client_id", "c", "authorization_url", "https://a.example.com/a",
                        "token_url", "https://a.example.com/t", "scopes", "repo \"quoted\""))))
                .post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", contains("auth_config.credentials.scopes"));
    }

    @Test
    void updatesMergeCredentialsAndRotateSecrets() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("slack");
        String id = tenant.authConfig("slack", "BEARER_TOKEN", Map.of("token", "first"));
        byte[] before = storedRow(id).getBuffer("secret_ciphertext").getBytes();

        // As the SDK sends it: type and tool_access_config always, credentials when given.
        tenant.api().body(Map.of("type", "custom", "credentials", Map.of("token", "second"), "tool_access_config", Map.of()))
                .patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(200).body("auth_scheme", equalTo("BEARER_TOKEN")).body("credentials.token", equalTo("********"));
        assertEquals("second", openStoredSecret(id));
        assertFalse(Arrays.equals(before, storedRow(id).getBuffer("secret_ciphertext").getBytes()));

        tenant.api().body(Map.of("type", "custom", "is_enabled_for_tool_router", true, "name", "Slack bot",
                        "tool_access_config", Map.of("tools_available_for_execution", List.of("post_message"))))
                .patch(ROOT + "/auth_configs/" + id).then().statusCode(200)
                .body("name", equalTo("Slack bot"))
                .body("is_enabled_for_tool_router", equalTo(true))
                .body("tool_access_config.tools_available_for_execution", contains("post_message"))
                .body("tool_access_config.tools_for_connected_account_creation", nullValue());
        assertEquals("second", openStoredSecret(id), "a secret not given stays");

        tenant.api().body(Map.of("type", "default", "scopes", "x")).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(400).body("errors.field", contains("type", "scopes"));
        tenant.api().body(Map.of("credentials", Map.of("header_name", "X-Key"))).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.header_name"))
                .body("errors[0].message", containsString("auth scheme BEARER_TOKEN"));

        String oauth = tenant.authConfig("slack", "OAUTH2", Map.of("client_id", "c1", "authorization_url", "https://a.example.com/a",
                "token_url", "https://a.example.com/t", "scopes", "chat:write"));
        tenant.api().body(Map.of("type", "custom", "credentials", Map.of("scopes", "chat:write,users:read"), "tool_access_config", Map.of()))
                .patch(ROOT + "/auth_configs/" + oauth).then().statusCode(200)
                .body("credentials.client_id", equalTo("c1"))
                .body("credentials.scopes", contains("chat:write", "users:read"));
    }

    @Test
    void refusesWhatItCannotServeNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(create("nope", custom("NO_AUTH", Map.of()))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("toolkit.slug"));
        tenant.api().body(create("github", custom("BASIC", Map.of()))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config.authScheme"))
                .body("errors[0].message", containsString("OAUTH2, API_KEY, BEARER_TOKEN, NO_AUTH or TOKEN_EXCHANGE"));
        // This install has no client at an IdP to exchange users' tokens with.
        tenant.api().body(create("github", custom("TOKEN_EXCHANGE", Map.of("audience", "github-upstream")))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config.authScheme"))
                .body("errors[0].message", containsString("SWITCHBOARD_OIDC_EXCHANGE_CLIENT_SECRET"));
        // composio.authConfigs.create(slug) with no options asks for a managed config: there is no operator-managed app.
        tenant.api().body(create("github", Map.of("type", "use_composio_managed_auth"))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config.type"))
                .body("message", containsString("use_composio_managed_auth"))
                .header("x-should-retry", "false");
        tenant.api().body(Map.of("toolkit", Map.of("slug", "github"))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config"));
        tenant.api().body(create("github", custom("NO_AUTH", Map.of("token", "x")))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config.credentials.token"));
        tenant.api().body(create("github", custom("API_KEY", Map.of("apiKey", "x")))).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config.credentials.apiKey"))
                .body("errors[0].message", containsString("header_name, api_key"));
        tenant.api().body(create("github", custom("API_KEY", Map.of("header_name", "Mcp-Session-Id"))))
                .post(ROOT + "/auth_configs").then().statusCode(400).body("errors[0].field", equalTo("auth_config.credentials.header_name"));
        tenant.api().body(create("github", custom("API_KEY", Map.of("header_name", "Bad Header"))))
                .post(ROOT + "/auth_configs").then().statusCode(400).body("errors[0].field", equalTo("auth_config.credentials.header_name"));
        tenant.api().body(create("github", Map.of("type", "use_custom_auth", "authScheme", "NO_AUTH", "credentials", Map.of(),
                        "proxy_config", Map.of("proxy_url", "https://proxy.example.com"))))
                .post(ROOT + "/auth_configs").then().statusCode(400).body("errors[0].field", equalTo("auth_config.proxy_config"));
        // The flat shape of earlier versions is refused, naming what changed.
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "bearer", "credentials", Map.of("token", "x")))
                .post(ROOT + "/auth_configs").then().statusCode(400).body("errors[0].field", equalTo("toolkit"));
        tenant.api().queryParam("show_disabled", true).get(ROOT + "/auth_configs").then().body("total_items", equalTo(0));
    }

    @Test
    void enablesAndDisablesAndListsDisabledOnlyWhenAsked() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = tenant.authConfig("github", "NO_AUTH", Map.of());
        tenant.api().patch(ROOT + "/auth_configs/" + id + "/DISABLED").then().statusCode(200).body("status", equalTo("DISABLED"));
        tenant.api().get(ROOT + "/auth_configs/" + id).then().body("status", equalTo("DISABLED"));
        tenant.api().get(ROOT + "/auth_configs").then().body("items", empty());
        tenant.api().queryParam("show_disabled", true).get(ROOT + "/auth_configs").then().body("items.id", contains(id));
        tenant.api().patch(ROOT + "/auth_configs/" + id + "/ENABLED").then().statusCode(200).body("status", equalTo("ENABLED"));
        tenant.api().get(ROOT + "/auth_configs").then().body("items.id", contains(id));
        tenant.api().patch(ROOT + "/auth_configs/" + id + "/PAUSED").then().statusCode(400).body("errors[0].field", equalTo("status"));
        tenant.api().patch(ROOT + "/auth_configs/ac_missing/DISABLED").then().statusCode(404);
    }

    @Test
    void listsWithTheSdksFiltersAndCursors() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        String a = tenant.api().body(create("github", Map.of("type", "use_custom_auth", "authScheme", "NO_AUTH", "name", "GitHub public")))
                .post(ROOT + "/auth_configs").then().statusCode(201).extract().path("auth_config.id");
        String b = tenant.authConfig("slack", "NO_AUTH", Map.of());
        String c = tenant.authConfig("slack", "BEARER_TOKEN", Map.of());
        tenant.api().get(ROOT + "/auth_configs").then().body("items.id", contains(c, b, a)).body("next_cursor", nullValue())
                .body("total_pages", equalTo(1)).body("current_page", equalTo(1)).body("total_items", equalTo(3));
        tenant.api().queryParam("toolkit_slug", "slack").get(ROOT + "/auth_configs").then().body("items.id", contains(c, b));
        tenant.api().queryParam("search", "PUBLIC").get(ROOT + "/auth_configs").then().body("items.id", contains(a));
        tenant.api().queryParam("search", "%").get(ROOT + "/auth_configs").then().body("items", empty());
        tenant.api().queryParam("is_composio_managed", true).get(ROOT + "/auth_configs").then().body("items", empty());
        tenant.api().queryParam("is_composio_managed", false).get(ROOT + "/auth_configs").then().body("items.id", hasItems(a, b, c));

        String next = tenant.api().queryParam("limit", 2).get(ROOT + "/auth_configs").then()
                .body("items.id", contains(c, b)).body("total_pages", equalTo(2)).extract().path("next_cursor");
        tenant.api().queryParam("limit", 2).queryParam("cursor", next).get(ROOT + "/auth_configs").then()
                .body("items.id", contains(a)).body("current_page", equalTo(2)).body("next_cursor", nullValue());
        tenant.api().queryParam("cursor", "not-ours").get(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        tenant.api().queryParam("show_disabled", "yes").get(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors[0].field", equalTo("show_disabled"));
    }

    @Test
    void deletes() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = tenant.authConfig("github", "NO_AUTH", Map.of());
        tenant.api().delete(ROOT + "/auth_configs/" + id).then().statusCode(200).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/auth_configs/" + id).then().statusCode(404);
    }

    @Test
    void membersCannotSeeAuthConfigs() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        Api.as(tenant.memberKey()).get(ROOT + "/auth_configs").then().statusCode(403);
    }

    @Test
    void refusesSecretsThatCannotBeAHeaderValueNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(create("github", custom("BEARER_TOKEN", Map.of("token", SECRET + "\u0001"))))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("auth_config.credentials.token"))
                .body(not(containsSecret()));
        tenant.api().body(create("github", custom("API_KEY", Map.of("header_name", "X-Api-Key", "api_key", "key\u007fwith-delete"))))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("auth_config.credentials.api_key"));
        String id = tenant.authConfig("github", "BEARER_TOKEN", Map.of("token", "first"));
        tenant.api().body(Map.of("credentials", Map.of("token", "second\u001b[31m"))).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.token"));
    }
}
