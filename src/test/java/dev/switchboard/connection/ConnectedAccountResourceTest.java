package dev.switchboard.connection;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connected accounts over REST, with an API key (which may act for any user of its tenant). */
@QuarkusTest
class ConnectedAccountResourceTest {

    private static final String SECRET = "alice-key-that-must-never-leave-the-server";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    /** The body composio.connectedAccounts.initiate sends. */
    static Map<String, Object> initiate(String authConfig, String userId, Map<String, Object> state) {
        Map<String, Object> connection = new HashMap<>();
        connection.put("user_id", userId);
        if (state != null) {
            connection.put("state", state);
        }
        return Map.of("auth_config", Map.of("id", authConfig), "connection", connection);
    }

    /** What AuthScheme.APIKey({api_key}) builds. */
    static Map<String, Object> apiKey(String key) {
        return Map.of("authScheme", "API_KEY", "val", Map.of("status", "ACTIVE", "api_key", key));
    }

    static Map<String, Object> bearer(String token) {
        return Map.of("authScheme", "BEARER_TOKEN", "val", Map.of("status", "ACTIVE", "token", token));
    }

    static String connect(TestTenant tenant, String authConfig, String userId, Map<String, Object> state) {
        return tenant.api().body(initiate(authConfig, userId, state)).post(ROOT + "/connected_accounts")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aUsersKeyIsStoredEncryptedAndTheAccountIsActiveAtOnce() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String created = tenant.api().body(initiate(config, "alice@example.com", apiKey(SECRET))).post(ROOT + "/connected_accounts")
                .then().statusCode(201)
                .body("id", startsWith("ca_"))
                .body("connectionData.authScheme", equalTo("API_KEY"))
                .body("connectionData.val.status", equalTo("ACTIVE"))
                .body("connectionData.val.api_key", equalTo("********"))
                .body("connectionData.val.redirectUrl", nullValue())
                .body("status", equalTo("ACTIVE"))
                .body("redirect_url", nullValue())
                .extract().asString();
        assertFalse(created.contains(SECRET));
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");

        tenant.api().get(ROOT + "/connected_accounts/" + id).then().statusCode(200)
                .body(not(containsString(SECRET)))
                .body("id", equalTo(id))
                .body("user_id", equalTo("alice@example.com"))
                .body("alias", nullValue())
                .body("auth_config.id", equalTo(config))
                .body("auth_config.auth_scheme", equalTo("API_KEY"))
                .body("auth_config.is_composio_managed", equalTo(false))
                .body("auth_config.is_disabled", equalTo(false))
                .body("toolkit.slug", equalTo("crm"))
                .body("status", equalTo("ACTIVE"))
                .body("status_reason", nullValue())
                .body("is_disabled", equalTo(false))
                .body("state.authScheme", equalTo("API_KEY"))
                .body("state.val.status", equalTo("ACTIVE"))
                .body("state.val.api_key", equalTo("********"))
                .body("data.size()", equalTo(0))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue());
        tenant.api().get(ROOT + "/connected_accounts").then().body(not(containsString(SECRET)));
        tenant.api().get(ROOT + "/auth_configs/" + config).then().body("no_of_connections", equalTo(1));

        Row row = pool.preparedQuery("select tenant_id, secret_ciphertext, secret_key_id from connected_account where id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        byte[] ciphertext = row.getBuffer("secret_ciphertext").getBytes();
        assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains(SECRET), "stored in plain text");
        assertEquals(SECRET, secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), ciphertext),
                row.getString("tenant_id") + "/" + id));
    }

    @Test
    void bearerTokenAndNoAuthAccounts() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String token = tenant.authConfig("crm", "BEARER_TOKEN", Map.of());
        String open = tenant.authConfig("crm", "NO_AUTH", Map.of());
        String bearerAccount = connect(tenant, token, "bob", bearer("bob-token"));
        tenant.api().get(ROOT + "/connected_accounts/" + bearerAccount).then()
                .body("state", equalTo(Map.of("authScheme", "BEARER_TOKEN", "val", Map.of("status", "ACTIVE", "token", "********"))));
        String noAuth = connect(tenant, open, "bob", null);
        tenant.api().get(ROOT + "/connected_accounts/" + noAuth).then()
                .body("status", equalTo("ACTIVE"))
                .body("state", equalTo(Map.of("authScheme", "NO_AUTH", "val", Map.of("status", "ACTIVE"))));
        // AuthScheme.APIKey also offers generic_api_key.
        String apiKeyConfig = tenant.authConfig("crm", "API_KEY", Map.of());
        connect(tenant, apiKeyConfig, "bob", Map.of("authScheme", "API_KEY", "val", Map.of("generic_api_key", "k")));
    }

    @Test
    void refusesWhatCannotBeAnAccountNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String shared = tenant.authConfig("crm", "BEARER_TOKEN", Map.of("token", "everyone"));
        String oauth = tenant.authConfig("crm", "OAUTH2", Map.of("client_id", "c", "authorization_url", "https://a.example.com/a",
                "token_url", "https://a.example.com/t"));
        String disabled = tenant.authConfig("crm", "NO_AUTH", Map.of());
        tenant.api().patch(ROOT + "/auth_configs/" + disabled + "/DISABLED").then().statusCode(200);

        refused(tenant, initiate(config, "alice", null), "connection.state");
        refused(tenant, initiate(config, "alice", bearer("t")), "connection.state.authScheme");
        refused(tenant, initiate(config, "alice", Map.of("authScheme", "API_KEY", "val", Map.of("api_key", "k", "subdomain", "x"))),
                "connection.state.val.subdomain");
        refused(tenant, initiate(config, "alice", Map.of("authScheme", "API_KEY", "val", Map.of("status", "INITIATED", "api_key", "k"))),
                "connection.state.val.status");
        refused(tenant, initiate(config, "alice", Map.of("authScheme", "API_KEY", "val", Map.of("status", "ACTIVE"))),
                "connection.state.val.api_key");
        refused(tenant, initiate(config, "alice", apiKey("bad\u0001key")), "connection.state.val.api_key");
        refused(tenant, initiate(config, null, apiKey("k")), "connection.user_id");
        refused(tenant, initiate("ac_missing", "alice", apiKey("k")), "auth_config.id");
        refused(tenant, initiate(shared, "alice", bearer("mine")), "auth_config.id");
        refused(tenant, initiate(oauth, "alice", Map.of("authScheme", "OAUTH2", "val", Map.of("status", "ACTIVE"))),
                "connection.state.val.access_token");
        refused(tenant, initiate(disabled, "alice", null), "auth_config.id");
        tenant.api().body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", "alice", "state", apiKey("k"),
                        "experimental", Map.of("account_type", "SHARED"))))
                .post(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("connection.experimental.account_type"));
        tenant.api().get(ROOT + "/connected_accounts").then().body("items", empty());
    }

    private static void refused(TestTenant tenant, Map<String, Object> body, String field) {
        tenant.api().body(body).post(ROOT + "/connected_accounts").then().statusCode(400)
                .header("x-should-retry", "false")
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void listsWithTheSdksFilters() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        tenant.toolkit("wiki");
        String crm = tenant.authConfig("crm", "API_KEY", Map.of());
        String wiki = tenant.authConfig("wiki", "BEARER_TOKEN", Map.of());
        String aliceCrm = connect(tenant, crm, "alice", apiKey("a1"));
        String aliceWiki = connect(tenant, wiki, "alice", bearer("a2"));
        String bobCrm = connect(tenant, crm, "bob", apiKey("b1"));

        tenant.api().get(ROOT + "/connected_accounts").then().body("items.id", contains(bobCrm, aliceWiki, aliceCrm))
                .body("next_cursor", nullValue()).body("total_pages", equalTo(1)).body("total_items", equalTo(3));
        // What initiate asks first: the user's active accounts of the auth config (joined with commas, URL-encoded).
        tenant.api().urlEncodingEnabled(false).get(ROOT + "/connected_accounts?user_ids=alice&auth_config_ids=" + crm + "&statuses=ACTIVE")
                .then().body("items.id", contains(aliceCrm));
        tenant.api().queryParam("user_ids", "alice,bob").queryParam("toolkit_slugs", "crm").get(ROOT + "/connected_accounts")
                .then().body("items.id", contains(bobCrm, aliceCrm));
        tenant.api().queryParam("connected_account_ids", aliceWiki).get(ROOT + "/connected_accounts").then().body("items.id", contains(aliceWiki));
        tenant.api().queryParam("order_by", "created_at").queryParam("order_direction", "asc").get(ROOT + "/connected_accounts")
                .then().body("items.id", contains(aliceCrm, aliceWiki, bobCrm));

        tenant.api().body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + aliceCrm + "/status")
                .then().statusCode(200).body("success", equalTo(true));
        tenant.api().get(ROOT + "/connected_accounts/" + aliceCrm).then()
                .body("status", equalTo("INACTIVE")).body("is_disabled", equalTo(true))
                .body("state.val.status", equalTo("INACTIVE")).body("state.val.api_key", equalTo("********"));
        tenant.api().queryParam("statuses", "ACTIVE").queryParam("user_ids", "alice").get(ROOT + "/connected_accounts")
                .then().body("items.id", contains(aliceWiki));
        tenant.api().queryParam("statuses", "INACTIVE").get(ROOT + "/connected_accounts").then().body("items.id", contains(aliceCrm));
        tenant.api().queryParam("order_by", "updated_at").queryParam("limit", 1).get(ROOT + "/connected_accounts")
                .then().body("items.id", contains(aliceCrm)).body("next_cursor", notNullValue());
        tenant.api().body(Map.of("enabled", true, "reason", "ignored")).patch(ROOT + "/connected_accounts/" + aliceCrm + "/status")
                .then().statusCode(200);
        tenant.api().get(ROOT + "/connected_accounts/" + aliceCrm).then().body("status", equalTo("ACTIVE")).body("is_disabled", equalTo(false));

        String next = tenant.api().queryParam("limit", 2).get(ROOT + "/connected_accounts").then()
                .body("items.id", contains(bobCrm, aliceWiki)).extract().path("next_cursor");
        tenant.api().queryParam("limit", 2).queryParam("cursor", next).get(ROOT + "/connected_accounts").then()
                .body("items.id", contains(aliceCrm)).body("next_cursor", nullValue());
        tenant.api().queryParam("account_type", "SHARED").get(ROOT + "/connected_accounts").then().body("items", empty());

        tenant.api().queryParam("statuses", "ACTIVE,ASLEEP").get(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("statuses"));
        tenant.api().queryParam("order_by", "user_id").get(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("order_by"));
        tenant.api().body(Map.of()).patch(ROOT + "/connected_accounts/" + aliceCrm + "/status").then().statusCode(400)
                .body("errors[0].field", equalTo("enabled"));
    }

    @Test
    void deletesAndAnotherTenantsIdsAreNotFound() {
        TestTenant tenant = Api.newTenant();
        TestTenant other = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String account = connect(tenant, config, "alice", apiKey("k"));

        other.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(404);
        other.api().body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + account + "/status").then().statusCode(404);
        other.api().delete(ROOT + "/connected_accounts/" + account).then().statusCode(404);
        other.api().get(ROOT + "/connected_accounts").then().body("items", empty());
        other.api().body(initiate(config, "alice", apiKey("k"))).post(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("auth_config.id"));

        tenant.api().delete(ROOT + "/connected_accounts/" + account).then().statusCode(200).body("success", equalTo(true));
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(404);
        tenant.api().get(ROOT + "/auth_configs/" + config).then().body("no_of_connections", equalTo(0));

        String again = connect(tenant, config, "alice", apiKey("k"));
        tenant.api().delete(ROOT + "/auth_configs/" + config).then().statusCode(200);
        tenant.api().get(ROOT + "/connected_accounts/" + again).then().statusCode(404);
    }

    @Test
    void aMemberKeyMayActForAnyUserOfItsTenant() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String member = tenant.memberKey();
        String account = Api.as(member).body(initiate(config, "carol", apiKey("k"))).post(ROOT + "/connected_accounts")
                .then().statusCode(201).extract().path("id");
        Api.as(member).get(ROOT + "/connected_accounts/" + account).then().statusCode(200).body("user_id", equalTo("carol"));
    }
}
