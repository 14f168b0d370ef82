package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Keycloak;
import dev.switchboard.support.KeycloakOidc;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.TokenEndpointProxy;
import dev.switchboard.support.TokenEndpointProxy.Exchange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TOKEN_EXCHANGE auth configs against the real Keycloak and an upstream that checks who calls (the whoami upstream,
 * which accepts only tokens Keycloak signed for its audience): each user's call arrives as that user with the
 * upstream's audience, exchanged by Switchboard's client, never with the client's own token; a second call within
 * the token's life asks Keycloak nothing (counted by a proxy in front of its token endpoint); a call made with an
 * API key, or refused by Keycloak, gets a tool error saying why.
 */
@QuarkusTest
@TestProfile(TokenExchangeTest.Profile.class)
class TokenExchangeTest {

    /** The real Keycloak, with the app's token exchanges going through a counting proxy. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakOidc.class), new TestResourceEntry(TokenEndpointProxy.class));
        }
    }

    /** The realm's example upstream that trusts the IdP (deploy/keycloak/switchboard-realm.json). */
    private static final String UPSTREAM_AUDIENCE = "crm-upstream";

    private static NodePeers.Upstream whoami;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private final List<RawMcpClient> clients = new ArrayList<>();

    @BeforeAll
    static void startUpstream() {
        whoami = NodePeers.whoamiUpstream("token-exchange-whoami", Keycloak.shared().issuer(), UPSTREAM_AUDIENCE);
    }

    @AfterAll
    static void stopUpstream() {
        if (whoami != null) {
            whoami.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawMcpClient::close);
    }

    @Test
    void eachUserArrivesAsThemselvesWithTheUpstreamsAudienceAndTheTokenIsReused() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String bob = KeycloakOidc.userToken("bob");
        String slug = toolkit(alice, whoami.mcpUrl());
        String config = authConfig(alice, slug, Map.of("audience", UPSTREAM_AUDIENCE));
        String server = server(alice, slug, config);

        int before = exchanges(UPSTREAM_AUDIENCE).size();
        RawMcpClient alices = client(server, alice);
        assertEquals(List.of(slug + "__whoami"), toolNames(alices));
        JsonObject arrived = whoami(alices, slug);
        assertEquals(sub(alice), arrived.getString("sub"));
        assertEquals("alice", arrived.getString("preferred_username"));
        assertEquals(UPSTREAM_AUDIENCE, audiences(arrived).get(0));
        assertFalse(audiences(arrived).contains(KeycloakOidc.AUDIENCE), "the client's own token never arrives: " + arrived);
        assertEquals("switchboard", arrived.getString("azp"), "exchanged by Switchboard's client, not the user's MCP client");

        // initialize, tools/list, tools/call and this second call: one exchange at Keycloak in all.
        assertEquals(sub(alice), whoami(alices, slug).getString("sub"));
        assertEquals(List.of(new Exchange(UPSTREAM_AUDIENCE, 200)), exchanges(UPSTREAM_AUDIENCE).subList(before, before + 1));
        assertEquals(before + 1, exchanges(UPSTREAM_AUDIENCE).size());

        RawMcpClient bobs = client(server, bob);
        JsonObject bobArrived = whoami(bobs, slug);
        assertEquals(sub(bob), bobArrived.getString("sub"));
        assertEquals("bob", bobArrived.getString("preferred_username"));
        assertEquals(List.of(UPSTREAM_AUDIENCE), audiences(bobArrived));
        assertEquals(before + 2, exchanges(UPSTREAM_AUDIENCE).size());

        // Alice logs in again (another IdP session): her next call is exchanged anew.
        RawMcpClient again = client(server, KeycloakOidc.userToken("alice"));
        assertEquals(sub(alice), whoami(again, slug).getString("sub"));
        assertEquals(before + 3, exchanges(UPSTREAM_AUDIENCE).size());
    }

    @Test
    void aLogoutKeycloakAnswersDropsTheUsersKeptTokens() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String bob = KeycloakOidc.userToken("bob");
        String slug = toolkit(alice, whoami.mcpUrl());
        String crm = server(alice, slug, authConfig(alice, slug, Map.of("audience", UPSTREAM_AUDIENCE)));
        String other = server(alice, slug, authConfig(alice, slug, Map.of("audience", UPSTREAM_AUDIENCE)));
        RawMcpClient bobs = client(crm, bob);
        assertEquals(sub(bob), whoami(bobs, slug).getString("sub"));
        int before = exchanges(UPSTREAM_AUDIENCE).size();

        // Bob's IdP session ends. His token still passes the gateway's own check until it expires, but the next
        // exchange Keycloak refuses, and that refusal drops the token kept for his other toolkit too.
        Keycloak.shared().admin("POST", "/users/" + sub(bob) + "/logout", null);
        RawMcpClient otherOfBobs = client(other, bob);
        JsonObject refused = call(otherOfBobs, slug + "__whoami");
        assertTrue(text(refused).endsWith("the IdP refused the exchange: invalid_request (Invalid token)"), text(refused));
        JsonObject alsoRefused = call(bobs, slug + "__whoami");
        assertTrue(alsoRefused.getBoolean("isError"), alsoRefused.encode());
        assertTrue(text(alsoRefused).contains("the IdP refused the exchange"), text(alsoRefused));
        assertTrue(exchanges(UPSTREAM_AUDIENCE).subList(before, exchanges(UPSTREAM_AUDIENCE).size()).stream()
                .allMatch(e -> e.status() == 400), exchanges(UPSTREAM_AUDIENCE).toString());
    }

    @Test
    void anApiKeyActingForAUserHasNoTokenToExchange() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String slug = toolkit(alice, whoami.mcpUrl());
        String server = server(alice, slug, authConfig(alice, slug, Map.of("audience", UPSTREAM_AUDIENCE)));
        String key = Api.platform().body(Map.of("name", "acme backend")).post(ROOT + "/tenants/acme/api_keys")
                .then().statusCode(201).extract().path("key");
        int before = TokenEndpointProxy.exchanges().size();

        RawMcpClient backend = new RawMcpClient(vertx, base, "/v3/mcp/" + server + "/mcp?user_id=" + sub(alice), key);
        clients.add(backend);
        backend.initialize(new JsonObject());
        assertEquals(List.of(), toolNames(backend));
        JsonObject refused = call(backend, slug + "__whoami");
        assertTrue(refused.getBoolean("isError"), refused.encode());
        assertTrue(text(refused).contains("this request carries no SSO token to exchange (it was made with an API key"),
                text(refused));
        assertEquals(before, TokenEndpointProxy.exchanges().size(), "nothing was asked of Keycloak");
    }

    @Test
    void anExchangeKeycloakRefusesIsAToolErrorWithItsReason() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String slug = toolkit(alice, whoami.mcpUrl());
        String config = authConfig(alice, slug, Map.of("audience", "no-such-upstream", "scopes", "openid"));
        String server = server(alice, slug, config);

        RawMcpClient alices = client(server, alice);
        JsonObject refused = call(alices, slug + "__whoami");
        assertTrue(refused.getBoolean("isError"), refused.encode());
        assertTrue(text(refused).startsWith("Toolkit '" + slug + "' could not get a token for the user from the IdP (auth config '"
                + config + "', TOKEN_EXCHANGE): the IdP refused the exchange: "), text(refused));
        assertFalse(text(refused).contains(alice), "the user's token is not quoted");
        assertTrue(exchanges("no-such-upstream").stream().allMatch(e -> e.status() == 400), exchanges("no-such-upstream").toString());
    }

    @Test
    void theApiValidatesTokenExchangeConfigsAndTheyNeedNoConnectedAccounts() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String slug = toolkit(alice, whoami.mcpUrl());

        api(alice).body(create(slug, Map.of())).post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", hasItem("auth_config.credentials.audience"));
        api(alice).body(create(slug, Map.of("audience", "two words", "token", "t"))).post(ROOT + "/auth_configs").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("auth_config.credentials.audience", "auth_config.credentials.token"));

        String config = authConfig(alice, slug, Map.of("audience", UPSTREAM_AUDIENCE, "scopes", "crm.read crm.write"));
        api(alice).get(ROOT + "/auth_configs/" + config).then().statusCode(200)
                .body("auth_scheme", equalTo("TOKEN_EXCHANGE"))
                .body("is_shared_credential", equalTo(false))
                .body("credentials", equalTo(Map.of("audience", UPSTREAM_AUDIENCE, "scopes", List.of("crm.read", "crm.write"))))
                .body("expected_input_fields", equalTo(List.of()));
        api(alice).body(Map.of("credentials", Map.of("audience", "other-upstream"))).patch(ROOT + "/auth_configs/" + config)
                .then().statusCode(200);
        api(alice).get(ROOT + "/auth_configs/" + config).then().body("credentials.audience", equalTo("other-upstream"))
                .body("credentials.scopes", equalTo(List.of("crm.read", "crm.write")));

        api(alice).body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", sub(alice))))
                .post(ROOT + "/connected_accounts").then().statusCode(400)
                .body("errors.field", equalTo(List.of("auth_config.id")));
    }

    private static Map<String, Object> create(String slug, Map<String, Object> credentials) {
        return Map.of("toolkit", Map.of("slug", slug), "auth_config",
                Map.of("type", "use_custom_auth", "authScheme", "TOKEN_EXCHANGE", "credentials", credentials));
    }

    private static String toolkit(String admin, String mcpUrl) {
        String slug = "crm" + System.nanoTime() % 1_000_000;
        api(admin).body(Map.of("slug", slug, "name", "CRM", "mcp_url", mcpUrl)).post(ROOT + "/toolkits").then().statusCode(201);
        return slug;
    }

    private static String authConfig(String admin, String slug, Map<String, Object> credentials) {
        return api(admin).body(create(slug, credentials)).post(ROOT + "/auth_configs").then().statusCode(201)
                .body("auth_config.auth_scheme", equalTo("TOKEN_EXCHANGE"))
                .extract().path("auth_config.id");
    }

    private static String server(String admin, String slug, String authConfig) {
        return api(admin).body(Map.of("name", "exchange-" + authConfig, "toolkits", List.of(slug), "auth_config_ids", List.of(authConfig)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
    }

    private RawMcpClient client(String server, String token) {
        RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + server + "/mcp?user_id=" + sub(token), null).bearer(token);
        clients.add(client);
        client.initialize(new JsonObject());
        return client;
    }

    private static JsonObject whoami(RawMcpClient client, String slug) {
        JsonObject result = call(client, slug + "__whoami");
        assertFalse(result.getBoolean("isError", false), result.encode());
        return new JsonObject(text(result));
    }

    private static List<String> audiences(JsonObject identity) {
        Object aud = identity.getValue("aud");
        return aud instanceof JsonArray list ? list.stream().map(Object::toString).toList() : List.of(String.valueOf(aud));
    }

    private static List<Exchange> exchanges(String audience) {
        return TokenEndpointProxy.exchanges().stream().filter(e -> audience.equals(e.audience())).toList();
    }

    private static List<String> toolNames(RawMcpClient client) {
        return client.post(RawMcpClient.request(2, "tools/list", new JsonObject())).json().getJsonObject("result")
                .getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")).toList();
    }

    private static JsonObject call(RawMcpClient client, String tool) {
        RawMcpClient.Reply reply = client.post(RawMcpClient.toolCall(3, tool, null));
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonObject("result");
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static RequestSpecification api(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String sub(String token) {
        return Keycloak.claims(token).path("sub").asText();
    }
}
