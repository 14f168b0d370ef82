package dev.switchboard.connection.oauth;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.Keycloak;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.PackagedGateway;
import dev.switchboard.support.UpstreamOAuthApp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances (two JVMs, one database, one cluster key) refresh one user's OAuth2 account at once, and
 * the provider sees its refresh token redeemed once. The provider is the tests' Keycloak with refresh-token
 * rotation and revocation on for the run (the example realm leaves both as Keycloak's defaults: a new refresh token
 * on every refresh, the old one still honoured), so a refresh token redeemed twice, or an old one stored, would be
 * refused and end the account EXPIRED. The counting proxy in front of Keycloak's token endpoint holds each refresh
 * until the test has seen the other instance wait for the account's row lock behind it, so the two really race.
 */
class OAuthRefreshReplicasIT {

    private static final String USER = "alice";
    private static final String TOOL = "idp__whoami";
    private static final int CALLS_PER_INSTANCE = 4;
    /** The instances' {@code switchboard.connections.refresh-before-expiry}: below the upstream app's token lifespan. */
    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(3);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private static Keycloak keycloak;
    private static NodePeers.Upstream whoami;
    private static TokenEndpointProxy proxy;
    private static PackagedGateway first;
    private static PackagedGateway second;
    private static AccountRows rows;
    private static Map<String, Object> realmBefore;
    private static String clientId;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        keycloak = Keycloak.shared();
        realmBefore = refreshTokenSettings();
        setRefreshTokenSettings(Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0));
        whoami = NodePeers.whoamiUpstream("oauth-refresh-replicas-whoami", keycloak.issuer(), UpstreamOAuthApp.AUDIENCE);
        proxy = TokenEndpointProxy.to(keycloak.tokenEndpoint());
        Map<String, String> settings = Map.of(
                "switchboard.connections.refresh-before-expiry", REFRESH_BEFORE_EXPIRY.toString(),
                // Longer than the test may hold a refresh at the proxy.
                "switchboard.connections.token-endpoint-timeout", "PT90S");
        // Only the first cleans the schema (test profile); the second finds it migrated, as a scaled-out replica would.
        first = PackagedGateway.start("oauth-refresh-a", with(settings, "oauth-refresh-a", "true"));
        second = PackagedGateway.start("oauth-refresh-b", with(settings, "oauth-refresh-b", "false"));
        clientId = UpstreamOAuthApp.client(keycloak, "upstream-app-replicas-" + first.port(), List.of(first.publicUrl(), second.publicUrl()));
        rows = AccountRows.open();
    }

    /** The settings, the instance's name on its database connections (pg_stat_activity), whether it cleans the schema. */
    private static Map<String, String> with(Map<String, String> settings, String name, String cleans) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("quarkus.datasource.reactive.additional-properties.application_name", name);
        properties.put("quarkus.flyway.clean-at-start", cleans);
        return properties;
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        for (AutoCloseable closing : new AutoCloseable[] {rows, second, first, whoami}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (realmBefore != null) {
            setRefreshTokenSettings(realmBefore);
        }
    }

    @Test
    void bothInstancesRefreshingOneAccountAtOnceRedeemItsRefreshTokenOnceAndTheStoredOneRefreshesNextTime() throws Exception {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        tenant.api().body(Map.of("slug", "idp", "name", "Identity", "mcp_url", whoami.mcpUrl())).post(ROOT + "/toolkits")
                .then().statusCode(201);
        String config = tenant.authConfig("idp", "OAUTH2", Map.of("client_id", clientId, "client_secret", UpstreamOAuthApp.CLIENT_SECRET,
                "authorization_url", UpstreamOAuthApp.authorizationEndpoint(keycloak), "token_url", proxy.url(), "scopes", "openid,profile"));
        String server = tenant.api().body(Map.of("name", "oauth-replicas", "toolkits", List.of("idp"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String account = connect(tenant, config);
        String sub = keycloakUserId();

        // Both instances call as alice once before anything is due, so each has met the upstream already.
        for (PackagedGateway instance : List.of(first, second)) {
            assertArrivesAsAlice(whoamiOn(instance, tenant, server, 1), sub);
        }

        for (int round = 1; round <= 2; round++) {
            raceForARefresh("round " + round + ": ", tenant, server, account, sub);
        }

        // The realm really refuses a refresh token used before: a second redemption would have been refused too.
        String usedBefore = proxy.grants().stream().filter(grant -> "refresh_token".equals(grant.grantType()))
                .findFirst().orElseThrow().redeemed();
        HttpResponse<String> reused = redeemDirectly(usedBefore);
        assertEquals(400, reused.statusCode(), reused.body());
        assertTrue(reused.body().contains("invalid_grant"), reused.body());
    }

    /**
     * Once alice's token is due, {@value #CALLS_PER_INSTANCE} calls on each instance at once; the first refresh is held
     * at the proxy until the other instance waits for the row lock behind it. Exactly one refresh reaches Keycloak,
     * redeeming the refresh token it issued last, and every call arrives as alice.
     */
    private void raceForARefresh(String round, TestTenant tenant, String server, String account, String sub) throws Exception {
        String issuedLast = refreshTokenIssuedLast();
        long refreshesBefore = proxy.refreshes();
        int grantsBefore = proxy.grants().size();
        rows.awaitRefreshWindow(tenant.id(), account, REFRESH_BEFORE_EXPIRY);

        proxy.holdRefreshes();
        List<Future<JsonObject>> calls;
        AccountRows.LockWait wait;
        List<JsonObject> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(2 * CALLS_PER_INSTANCE);
        try {
            try {
                calls = atOnce(callers, tenant, server);
                wait = rows.awaitLockWait(LONGEST_WAIT, () -> proxy.refreshes() > refreshesBefore + 1);
            } finally {
                proxy.release();
            }
            for (Future<JsonObject> call : calls) {
                answers.add(call.get(LONGEST_WAIT.toSeconds() * 2, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        assertEquals(refreshesBefore + 1, proxy.refreshes(), round + "the token endpoint saw one refresh_token grant");
        assertNotNull(wait, round + "one instance waited for the account's row lock while the other was at the provider");
        assertEquals(Set.of(first.name(), second.name()), Set.of(wait.waiting(), wait.holding()),
                round + "the waiter and the holder are the two instances: " + wait);
        assertEquals("idle in transaction", wait.holderState(), round + "the holder kept its transaction open across the provider call");
        answers.forEach(answer -> assertArrivesAsAlice(answer, sub));
        List<TokenEndpointProxy.Grant> grants = proxy.grants().subList(grantsBefore, proxy.grants().size());
        assertEquals(List.of("refresh_token"), grants.stream().map(TokenEndpointProxy.Grant::grantType).toList(), round);
        assertEquals(200, grants.get(0).status(), round + "Keycloak honoured it: " + grants.get(0).answer());
        assertEquals(issuedLast, grants.get(0).redeemed(), round + "it redeemed the refresh token Keycloak issued last");
        Api.as(tenant.adminKey(), second.baseUrl()).get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
    }

    /** {@value #CALLS_PER_INSTANCE} whoami calls on each instance, released together. */
    private List<Future<JsonObject>> atOnce(ExecutorService callers, TestTenant tenant, String server) {
        CyclicBarrier released = new CyclicBarrier(2 * CALLS_PER_INSTANCE);
        List<Future<JsonObject>> calls = new ArrayList<>();
        for (int i = 0; i < 2 * CALLS_PER_INSTANCE; i++) {
            PackagedGateway instance = i % 2 == 0 ? first : second;
            int id = 10 + i;
            calls.add(callers.submit(() -> {
                released.await(LONGEST_WAIT.toSeconds(), TimeUnit.SECONDS);
                return whoamiOn(instance, tenant, server, id);
            }));
        }
        return calls;
    }

    /** A whoami call as alice on an instance, by a 2026-07-28 client (one POST, no session); answers the result. */
    private JsonObject whoamiOn(PackagedGateway instance, TestTenant tenant, String server, int id) throws Exception {
        JsonObject call = ModernMcp.toolCall(id, TOOL, new JsonObject(), new JsonObject());
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.mcpUrl(server, USER)))
                .timeout(LONGEST_WAIT.multipliedBy(2))
                .header("x-api-key", tenant.adminKey())
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", ModernMcp.MODERN)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", TOOL)
                .POST(HttpRequest.BodyPublishers.ofString(call.encode())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), instance.name() + ": " + response.body());
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            List<String> data = body.lines().filter(line -> line.startsWith("data:") && line.length() > 5).toList();
            assertFalse(data.isEmpty(), body);
            body = data.get(data.size() - 1).substring(5).trim();
        }
        JsonObject answer = new JsonObject(body);
        assertNotNull(answer.getJsonObject("result"), instance.name() + ": " + body);
        return answer.getJsonObject("result").put("instance", instance.name());
    }

    private static void assertArrivesAsAlice(JsonObject result, String sub) {
        assertFalse(result.getBoolean("isError", false), result.encode());
        JsonObject identity = new JsonObject(result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(sub, identity.getString("sub"), result.encode());
        assertEquals(USER, identity.getString("preferred_username"), result.encode());
        assertEquals(clientId, identity.getString("azp"), result.encode());
    }

    /** Alice connects through the real flow on the first instance: the start URL, Keycloak's login form, the callback. */
    private String connect(TestTenant tenant, String config) {
        var created = tenant.api().body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", USER)))
                .post(ROOT + "/connected_accounts").then().statusCode(201).extract();
        BrowserLogin browser = new BrowserLogin();
        String callback = browser.loginAt(created.path("redirect_url"), USER, USER, first.publicUrl() + OAuthConnections.CALLBACK_PATH);
        HttpResponse<String> done = browser.get(callback);
        assertEquals(200, done.statusCode(), done.body());
        String account = created.path("id");
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("ACTIVE"));
        assertEquals(1, proxy.codeExchanges());
        return account;
    }

    private static String keycloakUserId() {
        String found = keycloak.admin("GET", "/users?exact=true&username=" + USER, null).body();
        return found.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** The realm's refresh-token rotation settings as they are. */
    private static Map<String, Object> refreshTokenSettings() {
        HttpResponse<String> realm = keycloak.admin("GET", "", null);
        assertEquals(200, realm.statusCode(), realm.body());
        JsonObject settings = new JsonObject(realm.body());
        return Map.of("revokeRefreshToken", settings.getBoolean("revokeRefreshToken", false),
                "refreshTokenMaxReuse", settings.getInteger("refreshTokenMaxReuse", 0));
    }

    private static void setRefreshTokenSettings(Map<String, Object> settings) {
        HttpResponse<String> updated = keycloak.admin("PUT", "", settings);
        assertEquals(204, updated.statusCode(), updated.body());
        assertEquals(settings, refreshTokenSettings());
    }

    /** The refresh token of Keycloak's latest answer through the proxy (the code exchange's, or the last refresh's). */
    private static String refreshTokenIssuedLast() {
        List<TokenEndpointProxy.Grant> grants = proxy.grants();
        String token = new JsonObject(grants.get(grants.size() - 1).answer()).getString("refresh_token");
        assertNotNull(token, "Keycloak issued a refresh token");
        return token;
    }

    /** Redeems a refresh token at Keycloak itself, as the upstream app, past the proxy and Switchboard. */
    private HttpResponse<String> redeemDirectly(String refreshToken) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + UpstreamOAuthApp.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(keycloak.tokenEndpoint())).timeout(LONGEST_WAIT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
