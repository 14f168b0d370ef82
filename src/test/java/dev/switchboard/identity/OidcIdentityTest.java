package dev.switchboard.identity;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.LoopbackOidcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OIDC bearer tokens from a real (loopback) provider map to principals by the configured claims. */
@QuarkusTest
@TestProfile(OidcIdentityTest.WithOidc.class)
class OidcIdentityTest {

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LoopbackOidcServer.class));
        }
    }

    private static RequestSpecification bearer(Map<String, Object> claims) {
        return given().auth().oauth2(LoopbackOidcServer.token(claims)).contentType(ContentType.JSON);
    }

    @Test
    void mapsSubjectTenantAndGroupsToAPrincipal() {
        TestTenant tenant = Api.newTenant();
        bearer(Map.of("sub", "alice", "tenant", tenant.name(), "groups", Set.of("admin")))
                .get(ROOT + "/me")
                .then().statusCode(200)
                .body("kind", equalTo("user"))
                .body("user_id", equalTo("alice"))
                .body("tenant_id", equalTo(tenant.id()))
                .body("roles", containsInAnyOrder("admin", "member"));
        bearer(Map.of("sub", "alice", "tenant", tenant.name(), "groups", Set.of("admin")))
                .body(Map.of("slug", "github", "name", "GitHub", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(201);
        tenant.api().get(ROOT + "/toolkits/github").then().statusCode(200);
    }

    /** The API key mechanism runs before OIDC's: with both, the key decides, and a bad key is not rescued by the token. */
    @Test
    void aRequestWithAKeyAndATokenIsTheKeys() {
        TestTenant tenant = Api.newTenant();
        String token = LoopbackOidcServer.token(Map.of("sub", "alice", "tenant", tenant.name(), "groups", Set.of("admin")));
        given().header("x-api-key", tenant.adminKey()).auth().oauth2(token).get(ROOT + "/me")
                .then().statusCode(200)
                .body("kind", equalTo("api_key"))
                .body("tenant_id", equalTo(tenant.id()));
        given().header("x-api-key", "sbk_not_a_key").auth().oauth2(token).get(ROOT + "/me")
                .then().statusCode(401);
    }

    @Test
    void membersActOnlyForThemselves() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String server = tenant.api().body(Map.of("name", "s", "toolkits", List.of("github")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        Map<String, Object> bob = Map.of("sub", "bob", "tenant", tenant.name(), "groups", Set.of("member"));
        bearer(bob).body(Map.of("slug", "x", "name", "x", "mcp_url", "http://127.0.0.1:9/x"))
                .post(ROOT + "/toolkits").then().statusCode(403);
        bearer(bob).body(Map.of("mcp_server_id", server, "user_ids", List.of("carol")))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(403);
        bearer(bob).body(Map.of("mcp_server_id", server, "user_ids", List.of("bob")))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(200);
        String session = bearer(bob).body(Map.of("toolkits", Map.of("enable", List.of("github"))))
                .post(ROOT + "/tool_router/session")
                .then().statusCode(201).body("config.user_id", equalTo("bob")).extract().path("session_id");
        bearer(Map.of("sub", "mallory", "tenant", tenant.name())).get(ROOT + "/tool_router/session/" + session)
                .then().statusCode(404);
        bearer(bob).get(ROOT + "/tool_router/session/" + session).then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheTenantClaimIsRefusedClearly() {
        bearer(Map.of("sub", "drifter")).get(ROOT + "/toolkits")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("message", equalTo("The token has no 'tenant' claim naming a tenant"));
        bearer(Map.of("sub", "drifter")).get(ROOT + "/me")
                .then().statusCode(200).body("tenant_id", nullValue()).body("user_id", equalTo("drifter"));
    }

    @Test
    void anUnknownTenantIsRefusedWithoutAutoProvisioning() {
        bearer(Map.of("sub", "x", "tenant", "no-such-tenant")).get(ROOT + "/toolkits")
                .then().statusCode(403)
                .body("message", equalTo("Tenant 'no-such-tenant' does not exist; a platform admin must create it first"));
    }

    @Test
    void badTokensAre401() {
        given().auth().oauth2("not.a.jwt").get(ROOT + "/toolkits").then().statusCode(401)
                .contentType("application/problem+json");
        String token = LoopbackOidcServer.token(Map.of("sub", "x", "tenant", "t"));
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        given().auth().oauth2(tampered).get(ROOT + "/toolkits").then().statusCode(401);
    }

    @Test
    void tokensForAnotherAudienceOrNoneAre401() {
        TestTenant tenant = Api.newTenant();
        Map<String, Object> alice = Map.of("sub", "alice", "tenant", tenant.name());
        given().auth().oauth2(LoopbackOidcServer.token(alice, "other-service")).get(ROOT + "/me")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LoopbackOidcServer.token(alice, null)).get(ROOT + "/me")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LoopbackOidcServer.token(alice, LoopbackOidcServer.AUDIENCE)).get(ROOT + "/me")
                .then().statusCode(200).body("user_id", equalTo("alice"));
    }

    @Test
    void platformAdminsFromTheIdpManageTenants() {
        bearer(Map.of("sub", "root", "groups", Set.of("platform-admin"))).get(ROOT + "/tenants").then().statusCode(200);
        bearer(Map.of("sub", "root", "groups", Set.of("admin"))).get(ROOT + "/tenants").then().statusCode(403);
    }

    @Test
    void mcpUrlsPointClientsAtTheIdpAndAcceptTheUsersOwnToken() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("offline");
        String server = tenant.api().body(Map.of("name", "sso", "toolkits", List.of("offline")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String path = "/v3/mcp/" + server + "/mcp";
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";

        // Through the public URL's host (as behind an ingress), the metadata names the public URL.
        given().header("Host", "localhost").header("Accept", "application/json, text/event-stream").contentType(ContentType.JSON)
                .body(init).post(path)
                .then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"http://localhost:8080/.well-known/oauth-protected-resource" + path + "\""));
        given().header("Host", "localhost").get("/.well-known/oauth-protected-resource" + path).then().statusCode(200)
                .body("resource", equalTo("http://localhost:8080" + path))
                .body("authorization_servers[0]", startsWith("http://127.0.0.1:"))
                .body("bearer_methods_supported[0]", equalTo("header"))
                .body("scopes_supported", nullValue());
        // Through another host MCP URLs answer to, it names the URL the client used: clients check that it does.
        String direct = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        given().header("Accept", "application/json, text/event-stream").contentType(ContentType.JSON).body(init)
                .post(direct + path).then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"" + direct + "/.well-known/oauth-protected-resource" + path + "\""));
        given().get(direct + "/.well-known/oauth-protected-resource" + path).then().statusCode(200)
                .body("resource", equalTo(direct + path));
        // Through a host they do not answer to, the public URL again.
        given().header("Host", "elsewhere.example").get("/.well-known/oauth-protected-resource" + path).then().statusCode(200)
                .body("resource", equalTo("http://localhost:8080" + path));

        Map<String, Object> carol = Map.of("sub", "carol", "tenant", tenant.name());
        bearer(carol).header("Accept", "application/json, text/event-stream").body(init).post(path)
                .then().statusCode(200).header("Mcp-Session-Id", notNullValue());
        bearer(carol).header("Accept", "application/json, text/event-stream").body(init).post(path + "?user_id=carol")
                .then().statusCode(200);
        bearer(carol).header("Accept", "application/json, text/event-stream").body(init).post(path + "?user_id=dave")
                .then().statusCode(403);
    }

    @Test
    void apiKeysKeepWorkingBesideOidc() {
        Api.newTenant().api().get(ROOT + "/toolkits").then().statusCode(200);
    }
}
