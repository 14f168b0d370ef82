package dev.switchboard.connection.oauth;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ConfigurationChanges;
import dev.switchboard.connection.InitiationExpiry;
import dev.switchboard.connection.ConnectedAccountEntity;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.Keycloak;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.UpstreamOAuthApp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OAuth2 connection flow against a real authorization server: the tests' Keycloak stands for the upstream's
 * provider, with a confidential client as "the provider's OAuth app" ({@link UpstreamOAuthApp}), whose access
 * tokens live {@link #LIFESPAN_SECONDS} seconds. The user's
 * login is driven over HTTP; the upstream is the whoami MCP server, which accepts only Keycloak's tokens for its
 * audience. A loopback proxy in front of Keycloak's token endpoint counts every grant redeemed.
 */
@QuarkusTest
@TestProfile(UpstreamOAuthApp.Profile.class)
class OAuthConnectionFlowTest {

    static final int LIFESPAN_SECONDS = UpstreamOAuthApp.LIFESPAN_SECONDS;
    private static final String AUDIENCE = UpstreamOAuthApp.AUDIENCE;
    private static final String CLIENT_SECRET = UpstreamOAuthApp.CLIENT_SECRET;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Keycloak keycloak;
    private static NodePeers.Upstream whoami;
    private static TokenEndpointProxy proxy;
    private static String clientId;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Secrets secrets;

    @Inject
    ConfigurationChanges changes;

    @Inject
    AccessTokenRefresher refresher;

    @Inject
    InitiationExpiry expiry;

    private final List<RawMcpClient> clients = new ArrayList<>();

    @BeforeAll
    static void startProvider() {
        keycloak = Keycloak.shared();
        clientId = UpstreamOAuthApp.clientId(keycloak);
        whoami = NodePeers.whoamiUpstream("oauth-flow-whoami", keycloak.issuer(), AUDIENCE);
        proxy = TokenEndpointProxy.to(keycloak.tokenEndpoint());
    }

    @AfterAll
    static void stopProvider() {
        if (proxy != null) {
            proxy.close();
        }
        if (whoami != null) {
            whoami.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawMcpClient::close);
    }

    @Test
    void bobConnectsHisCallsArriveAsBobAndAnExpiredTokenIsRefreshedOnce() throws Exception {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        var created = tenant.api().body(initiate(config, "bob", "http://127.0.0.1:9/after?from=test"))
                .post(ROOT + "/connected_accounts").then().statusCode(201)
                .body("status", equalTo("INITIATED"))
                .body("connectionData.authScheme", equalTo("OAUTH2"))
                .body("connectionData.val.status", equalTo("INITIATED"))
                .body("connectionData.val.redirectUrl", startsWith(base() + OAuthConnections.START_PATH))
                .body("connectionData.val.callback_url", equalTo("http://127.0.0.1:9/after?from=test"))
                .extract();
        String account = created.path("id");
        String redirectUrl = created.path("redirect_url");
        assertEquals(redirectUrl, created.path("connectionData.val.redirectUrl"));
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("INITIATED")).body("state.val.redirectUrl", equalTo(redirectUrl));

        BrowserLogin browser = new BrowserLogin();
        String authorize = browser.startRedirect(redirectUrl);
        Map<String, String> asked = query(authorize);
        assertTrue(authorize.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?"), authorize);
        assertEquals(clientId, asked.get("client_id"));
        assertEquals(base() + OAuthConnections.CALLBACK_PATH, asked.get("redirect_uri"));
        assertEquals("openid profile", asked.get("scope"));
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(43, asked.get("code_challenge").length());
        String callback = new BrowserLogin().loginAt(redirectUrl, "bob", "bob", base() + OAuthConnections.CALLBACK_PATH);
        long exchangesBefore = proxy.codeExchanges();

        HttpResponse<String> back = browser.get(callback);
        assertEquals(302, back.statusCode(), back.body());
        assertEquals("http://127.0.0.1:9/after?from=test&status=success&connected_account_id=" + account,
                back.headers().firstValue("Location").orElseThrow());
        assertEquals(exchangesBefore + 1, proxy.codeExchanges());
        String updated = tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("status_reason", equalTo(null))
                .body("state.authScheme", equalTo("OAUTH2"))
                .body("state.val.status", equalTo("ACTIVE"))
                .body("state.val.access_token", equalTo("********"))
                .body("state.val.refresh_token", equalTo("********"))
                .extract().path("updated_at");
        assertNoTokensAtRest(account);

        // The state was used once: the same callback again is refused and changes nothing.
        HttpResponse<String> replay = browser.get(callback);
        assertEquals(400, replay.statusCode());
        assertTrue(replay.body().contains("already completed"), replay.body());
        tenant.api().get(ROOT + "/connected_accounts/" + account).then()
                .body("status", equalTo("ACTIVE")).body("updated_at", equalTo(updated));
        assertEquals(exchangesBefore + 1, proxy.codeExchanges());

        // Through the gateway, bob's call reaches the upstream with bob's own token.
        RawMcpClient client = client(tenant, server(tenant, config), "bob");
        JsonNode identity = whoami(client);
        assertEquals("bob", identity.path("preferred_username").asText(), identity.toString());
        assertEquals(clientId, identity.path("azp").asText());
        long refreshesBefore = proxy.refreshes();

        // Once the token is within the refresh margin of its end, the next call refreshes it, once.
        Thread.sleep(Duration.ofSeconds(LIFESPAN_SECONDS - 2).toMillis());
        assertEquals("bob", whoami(client).path("preferred_username").asText());
        assertEquals(refreshesBefore + 1, proxy.refreshes());
        assertEquals("bob", whoami(client).path("preferred_username").asText());
        assertEquals(refreshesBefore + 1, proxy.refreshes());
        assertNoTokensAtRest(account);
    }

    @Test
    void twoReplicasRefreshingOneAccountAtOnceRedeemItsRefreshTokenOnce() {
        TestTenant tenant = Api.newTenant();
        String account = connect(tenant, oauthConfig(tenant), "alice");
        String stale = "Bearer " + accessToken(tenant.id(), account);
        long before = proxy.refreshes();

        // Each on its own connection, as two replicas would: the row lock makes one wait for the other.
        var first = refresher.acrossReplicas(tenant.id(), account, stale).subscribeAsCompletionStage();
        var second = refresher.acrossReplicas(tenant.id(), account, stale).subscribeAsCompletionStage();
        AccessTokenRefresher.Renewed one = first.join();
        AccessTokenRefresher.Renewed other = second.join();

        assertEquals(before + 1, proxy.refreshes(), "the refresh token was redeemed once");
        assertEquals(one.credential(), other.credential(), "the loser uses the winner's token");
        assertNotEquals(stale, one.credential().headerValue());
        assertEquals(one.credential().headerValue(), "Bearer " + accessToken(tenant.id(), account));
    }

    /** A provider that takes the client's secret only in the form: the config says so, and both grants carry it there. */
    @Test
    void aConfigWithClientSecretPostSendsTheSecretInTheFormNotInBasic() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant, Map.of("token_endpoint_auth_method", "client_secret_post"));
        tenant.api().get(ROOT + "/auth_configs/" + config).then().statusCode(200)
                .body("credentials.token_endpoint_auth_method", equalTo("client_secret_post"))
                .body("credentials.client_secret", equalTo("********"));
        int before = proxy.grants().size();
        String account = connect(tenant, config, "carol");
        String stale = "Bearer " + accessToken(tenant.id(), account);
        refresher.acrossReplicas(tenant.id(), account, stale).await().atMost(Duration.ofSeconds(30));

        List<TokenEndpointProxy.Grant> grants = proxy.grants().subList(before, proxy.grants().size());
        assertEquals(List.of("authorization_code", "refresh_token"), grants.stream().map(TokenEndpointProxy.Grant::grantType).toList());
        for (TokenEndpointProxy.Grant grant : grants) {
            assertEquals(200, grant.status(), grant.answer());
            assertTrue(grant.secretInForm(), grant.grantType() + ": the secret is in the form");
            assertFalse(grant.basicAuthentication(), grant.grantType() + ": no Basic credentials");
        }

        // The default, and what else a config may say.
        String basic = tenant.authConfig("idp", "OAUTH2", Map.of("client_id", clientId, "client_secret", CLIENT_SECRET,
                "authorization_url", UpstreamOAuthApp.authorizationEndpoint(keycloak), "token_url", proxy.url()));
        tenant.api().get(ROOT + "/auth_configs/" + basic).then().body("credentials.token_endpoint_auth_method", equalTo("client_secret_basic"));
        tenant.api().body(Map.of("toolkit", Map.of("slug", "idp"), "auth_config", Map.of("type", "use_custom_auth", "authScheme", "OAUTH2",
                "credentials", Map.of("client_id", "x", "authorization_url", "https://idp.example/auth", "token_url", "https://idp.example/token",
                        "token_endpoint_auth_method", "private_key_jwt")))).post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", hasItem("auth_config.credentials.token_endpoint_auth_method"));
    }

    @Test
    void anUpstreamRefusingTheTokenMakesTheGatewayRefreshItOnceAndCallAgain() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        String account = connect(tenant, config, "bob");
        RawMcpClient client = client(tenant, server(tenant, config), "bob");
        assertEquals("bob", whoami(client).path("preferred_username").asText());

        // The provider no longer honours the stored token (revoked, say), though it has not expired by our clock.
        SecretCipher.Sealed revoked = secrets.require().seal("revoked-token", ConnectedAccountEntity.secretBinding(tenant.id(), account));
        sql("update connected_account set secret_ciphertext = $3, secret_key_id = $4 where tenant_id = $1 and id = $2",
                Tuple.of(tenant.id(), account, Buffer.buffer(revoked.bytes()), revoked.keyId()));
        changes.announce(new ConfigurationChanged(tenant.id())).await().indefinitely();
        long before = proxy.refreshes();

        assertEquals("bob", whoami(client).path("preferred_username").asText());
        assertEquals(before + 1, proxy.refreshes());
        assertNotEquals("revoked-token", accessToken(tenant.id(), account));
    }

    @Test
    void aRefusedRefreshEndsTheAccountExpiredAndTheNextCallSaysHowToReconnect() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        String account = connect(tenant, config, "carol");
        RawMcpClient client = client(tenant, server(tenant, config), "carol");
        assertEquals("carol", whoami(client).path("preferred_username").asText());

        // Carol's sessions at the provider end: her refresh token is dead. Her token is due for a refresh.
        String carol = keycloak.admin("GET", "/users?exact=true&username=carol", null).body();
        String carolId = carol.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertEquals(204, keycloak.admin("POST", "/users/" + carolId + "/logout", null).statusCode());
        sql("update connected_account set token_expires_at = $3 where tenant_id = $1 and id = $2",
                Tuple.of(tenant.id(), account, Instant.now().atOffset(ZoneOffset.UTC)));
        changes.announce(new ConfigurationChanged(tenant.id())).await().indefinitely();
        long before = proxy.refreshes();

        JsonObject refused = call(client, "idp__whoami");
        assertTrue(refused.getBoolean("isError", false), refused.encode());
        String text = refused.getJsonArray("content").getJsonObject(0).getString("text");
        assertTrue(text.contains("'" + account + "' is EXPIRED") && text.contains("must be reconnected")
                && text.contains("/api/v3.1/connected_accounts/" + account + "/refresh"), text);
        assertEquals(before + 1, proxy.refreshes());
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("EXPIRED"))
                .body("status_reason", containsString("invalid_grant"));
        // Asked again, nothing is redeemed: the account stays EXPIRED until the user reconnects.
        assertTrue(call(client, "idp__whoami").getBoolean("isError", false));
        assertEquals(before + 1, proxy.refreshes());

        // Reconnecting: refresh answers a new redirect URL; completing it makes the account ACTIVE again.
        String again = tenant.api().post(ROOT + "/connected_accounts/" + account + "/refresh").then().statusCode(200)
                .body("id", equalTo(account)).body("status", equalTo("INITIATED"))
                .extract().path("redirect_url");
        BrowserLogin browser = new BrowserLogin();
        HttpResponse<String> done = browser.get(browser.loginAt(again, "carol", "carol", base() + OAuthConnections.CALLBACK_PATH));
        assertEquals(200, done.statusCode());
        assertTrue(done.body().contains("is active"), done.body());
        assertEquals("carol", whoami(client).path("preferred_username").asText());
    }

    @Test
    void aWrongCodeFailsWithTheProvidersReasonAndAnUnknownStateIsRefused() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        var created = tenant.api().body(initiate(config, "dave", null)).post(ROOT + "/connected_accounts").then().statusCode(201).extract();
        String account = created.path("id");
        BrowserLogin browser = new BrowserLogin();
        String state = query(browser.startRedirect(created.path("redirect_url"))).get("state");

        HttpResponse<String> unknown = browser.get(base() + OAuthConnections.CALLBACK_PATH + "?state=made-up&code=x");
        assertEquals(400, unknown.statusCode());
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("INITIATED"));

        HttpResponse<String> failed = browser.get(base() + OAuthConnections.CALLBACK_PATH + "?state=" + state + "&code=not-a-code");
        assertEquals(200, failed.statusCode());
        assertTrue(failed.body().contains("could not be connected"), failed.body());
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("status_reason", containsString("invalid_grant"))
                .body("state.val.status", equalTo("FAILED"));
        assertFalse(failed.body().contains("not-a-code"));
    }

    @Test
    void anInitiationLeftForTenMinutesExpires() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        var created = tenant.api().body(initiate(config, "erin", null)).post(ROOT + "/connected_accounts").then().statusCode(201).extract();
        String account = created.path("id");
        sql("update connected_account set initiated_at = initiated_at - interval '11 minutes' where tenant_id = $1 and id = $2",
                Tuple.of(tenant.id(), account));
        sql("update oauth_authorization set expires_at = expires_at - interval '11 minutes' where tenant_id = $1 and connected_account_id = $2",
                Tuple.of(tenant.id(), account));

        // Read as EXPIRED at once (before the sweep writes it), by get and by the list filters alike.
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("EXPIRED"))
                .body("status_reason", equalTo("Connection initiation did not complete within 10 minutes"));
        tenant.api().get(ROOT + "/connected_accounts?statuses=EXPIRED").then().body("items.id", hasItem(account));
        tenant.api().get(ROOT + "/connected_accounts?statuses=INITIATED").then().body("items.size()", equalTo(0));
        HttpResponse<String> late = new BrowserLogin().get(created.path("redirect_url"));
        assertEquals(410, late.statusCode());

        assertTrue(expiry.sweep().await().indefinitely() >= 1);
        Row row = sql("select status, status_reason from connected_account where tenant_id = $1 and id = $2", Tuple.of(tenant.id(), account));
        assertEquals("EXPIRED", row.getString("status"));
        assertEquals("Connection initiation did not complete within 10 minutes", row.getString("status_reason"));
    }

    @Test
    void anAccessTokenGivenAtInitiationIsActiveAtOnce() {
        TestTenant tenant = Api.newTenant();
        String config = oauthConfig(tenant);
        String account = tenant.api().body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", "frank",
                        "state", Map.of("authScheme", "OAUTH2", "val", Map.of("status", "ACTIVE", "access_token", "given-token",
                                "refresh_token", "given-refresh", "expires_in", 3600)))))
                .post(ROOT + "/connected_accounts").then().statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .body("connectionData.val.access_token", equalTo("********"))
                .body("redirect_url", equalTo(null))
                .extract().path("id");
        assertEquals("given-token", accessToken(tenant.id(), account));
        tenant.api().body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", "frank",
                        "state", Map.of("authScheme", "OAUTH2", "val", Map.of("status", "ACTIVE", "expires_in", "soon")))))
                .post(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors.field", hasItem("connection.state.val.expires_in"))
                .body("errors.field", hasItem("connection.state.val.access_token"));
        tenant.api().body(initiate(config, "frank", "javascript:alert(1)")).post(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("connection.callback_url"));
    }

    private void assertNoTokensAtRest(String account) {
        Row row = sql("select secret_ciphertext, refresh_token_ciphertext from connected_account where id = $1", Tuple.of(account));
        String atRest = new String(row.getBuffer("secret_ciphertext").getBytes(), StandardCharsets.ISO_8859_1)
                + new String(row.getBuffer("refresh_token_ciphertext").getBytes(), StandardCharsets.ISO_8859_1);
        int checked = 0;
        for (String answer : proxy.answers()) {
            try {
                JsonNode issued = JSON.readTree(answer);
                for (String field : List.of("access_token", "refresh_token")) {
                    String token = issued.path(field).asText("");
                    if (!token.isEmpty()) {
                        checked++;
                        assertFalse(atRest.contains(token.substring(0, 24)), field + " is stored in plaintext");
                    }
                }
            } catch (java.io.IOException notJson) {
                // not a token answer
            }
        }
        assertTrue(checked > 0);
    }

    private String accessToken(String tenantId, String account) {
        Row row = sql("select secret_ciphertext, secret_key_id from connected_account where tenant_id = $1 and id = $2",
                Tuple.of(tenantId, account));
        return secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), row.getBuffer("secret_ciphertext").getBytes()),
                ConnectedAccountEntity.secretBinding(tenantId, account));
    }

    private Row sql(String statement, Tuple values) {
        var rows = pool.preparedQuery(statement).execute(values).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** An OAUTH2 account for the user, connected by logging in for real. */
    private String connect(TestTenant tenant, String config, String user) {
        var created = tenant.api().body(initiate(config, user, null)).post(ROOT + "/connected_accounts").then().statusCode(201).extract();
        BrowserLogin browser = new BrowserLogin();
        HttpResponse<String> done = browser.get(browser.loginAt(created.path("redirect_url"), user, user, base() + OAuthConnections.CALLBACK_PATH));
        assertEquals(200, done.statusCode(), done.body());
        String account = created.path("id");
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("ACTIVE"));
        return account;
    }

    private static String oauthConfig(TestTenant tenant) {
        return oauthConfig(tenant, Map.of());
    }

    private static String oauthConfig(TestTenant tenant, Map<String, Object> more) {
        tenant.api().body(Map.of("slug", "idp", "name", "Identity", "mcp_url", whoami.mcpUrl())).post(ROOT + "/toolkits")
                .then().statusCode(201);
        Map<String, Object> credentials = new java.util.HashMap<>(Map.of("client_id", clientId, "client_secret", CLIENT_SECRET,
                "authorization_url", UpstreamOAuthApp.authorizationEndpoint(keycloak), "token_url", proxy.url(),
                "scopes", "openid,profile"));
        credentials.putAll(more);
        return tenant.authConfig("idp", "OAUTH2", credentials);
    }

    private static Map<String, Object> initiate(String config, String user, String callbackUrl) {
        Map<String, Object> connection = new java.util.HashMap<>(Map.of("user_id", user));
        if (callbackUrl != null) {
            connection.put("callback_url", callbackUrl);
        }
        return Map.of("auth_config", Map.of("id", config), "connection", connection);
    }

    private static String server(TestTenant tenant, String config) {
        return tenant.api().body(Map.of("name", "oauth-" + System.nanoTime(), "toolkits", List.of("idp"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
    }

    private RawMcpClient client(TestTenant tenant, String server, String userId) {
        RawMcpClient client;
        try {
            client = new RawMcpClient(vertx, new URL(base() + "/"), "/v3/mcp/" + server + "/mcp?user_id=" + userId, tenant.adminKey());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        clients.add(client);
        client.initialize(new JsonObject());
        return client;
    }

    private static JsonNode whoami(RawMcpClient client) {
        JsonObject result = call(client, "idp__whoami");
        assertFalse(result.getBoolean("isError", false), result.encode());
        try {
            return JSON.readTree(result.getJsonArray("content").getJsonObject(0).getString("text"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(result.encode(), e);
        }
    }

    private static JsonObject call(RawMcpClient client, String tool) {
        RawMcpClient.Reply reply = client.post(RawMcpClient.toolCall(7, tool, null));
        assertEquals(200, reply.status(), reply.body());
        JsonObject message = reply.json();
        assertTrue(message.containsKey("result"), message.encode());
        return message.getJsonObject("result");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new java.util.HashMap<>();
        Arrays.stream(URI.create(url).getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .forEach(pair -> values.put(pair[0], URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        return values;
    }

    private static String base() {
        return UpstreamOAuthApp.publicUrl();
    }
}
