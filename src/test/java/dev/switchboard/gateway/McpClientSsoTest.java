package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.Api;
import dev.switchboard.support.Keycloak;
import dev.switchboard.support.KeycloakOidc;
import dev.switchboard.support.NodePeers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * MCP clients log their users in through the company IdP by themselves (the MCP authorization spec, against a
 * real Keycloak): the official TypeScript SDK client registers itself and logs alice in, and the gateway's
 * refusals tell a client why and what to do.
 */
@QuarkusTest
@TestProfile(KeycloakOidc.Profile.class)
class McpClientSsoTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"sso-refusals","version":"1"}}}""";

    private static NodePeers.Upstream everything;

    @TestHTTPResource("/")
    URL base;

    @AfterAll
    static void stopUpstream() {
        if (everything != null) {
            everything.close();
        }
    }

    /** A server over server-everything (its toolkit's slug) in tenant acme, and alice's URL of it as a client reaches it. */
    private record AlicesServer(String url, String toolkit) {
    }

    private AlicesServer alicesServer() {
        KeycloakOidc.tenant("acme");
        if (everything == null) {
            everything = NodePeers.serverEverything("sso-everything");
        }
        String admin = KeycloakOidc.userToken("alice");
        String slug = "everything" + System.nanoTime() % 100_000;
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Everything", "mcp_url", everything.mcpUrl()))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String server = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "sso-" + slug, "toolkits", List.of(slug)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        var generate = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("mcp_server_id", server, "user_ids", List.of(sub(admin))))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(200);
        String generated = generate.extract().path("user_ids_url[0]");
        // With SSO the URL is all a client needs: it logs its user in by itself.
        generate.body("user_ids_commands[0].claude", equalTo("claude mcp add --transport http sso-" + slug + " '" + generated + "'"));
        // The generated URL names the public URL; the client reaches this app on 127.0.0.1.
        return new AlicesServer(generated.replace("http://localhost:8080", loopbackBase()), slug);
    }

    private String loopbackBase() {
        return "http://127.0.0.1:" + base.getPort();
    }

    private static String sub(String token) {
        return Keycloak.claims(token).path("sub").asText();
    }

    @Test
    void anMcpClientRegistersItselfLogsItsUserInAndCallsToolsAsThatUser() throws Exception {
        AlicesServer server = alicesServer();
        String url = server.url();
        String toolkit = server.toolkit();
        String output = NodePeers.runScript("sso-login-check.mjs", Map.of("MCP_URL", url,
                "SSO_USERNAME", "alice", "SSO_PASSWORD", "alice",
                "CALL_TOOL", toolkit + "__echo", "CALL_ARGS", "{\"message\":\"hello as alice\"}"));
        List<String> lines = NodePeers.lines(output);

        String mcpPath = url.substring(0, url.indexOf('?'));
        String issuer = Keycloak.shared().issuer();
        List<String> path = lines.stream().filter(l -> l.startsWith("HTTP ")).toList();
        assertEquals("HTTP POST " + url + " 401", path.get(0), output);
        String keycloak = issuer.substring(0, issuer.indexOf("/realms/"));
        assertInOrder(output, path,
                "HTTP GET " + loopbackBase() + "/.well-known/oauth-protected-resource" + mcpPath.substring(loopbackBase().length()) + " 200",
                "HTTP GET " + keycloak + "/.well-known/* 200",
                "HTTP POST " + issuer + "/clients-registrations/openid-connect 201",
                "HTTP POST " + issuer + "/protocol/openid-connect/token 200",
                "HTTP POST " + url + " 200");

        JsonNode registration = json(line(lines, "REGISTER "));
        assertEquals("switchboard", registration.path("scope").asText(), "the client registers for the advertised scope");
        JsonNode authorize = json(line(lines, "AUTHORIZE "));
        assertEquals("S256", authorize.path("code_challenge_method").asText());
        assertTrue(authorize.path("has_code_challenge").asBoolean());
        assertEquals(mcpPath, authorize.path("resource").asText(), "RFC 8707 resource: the MCP URL the client used");
        assertEquals("switchboard", authorize.path("scope").asText());
        assertTrue(lines.contains("PAGE login form") && lines.contains("PAGE consent form"), output);

        JsonNode result = json(line(lines, "RESULT "));
        String alice = sub(KeycloakOidc.userToken("alice"));
        JsonNode claims = result.path("claims");
        assertEquals(alice, claims.path("sub").asText());
        assertEquals("acme", claims.path("tenant").asText());
        assertEquals(KeycloakOidc.AUDIENCE, claims.path("aud").asText());
        assertEquals(result.path("clientId").asText(), claims.path("azp").asText(), "issued to the client that registered");
        assertNotEquals(Keycloak.CLI_CLIENT, claims.path("azp").asText());
        assertTrue(result.path("tools").toString().contains("\"" + toolkit + "__echo\""), result.toString());
        assertEquals("Echo: hello as alice", result.path("call").asText());

        // The call was made as alice: the audit log says so, with her SSO identity as the actor.
        List<Map<String, Object>> events = List.of();
        for (int attempt = 0; attempt < 100 && events.isEmpty(); attempt++) {
            events = given().auth().oauth2(KeycloakOidc.userToken("alice")).queryParam("action", "tools/call")
                    .queryParam("user_id", alice).get(ROOT + "/audit").then().statusCode(200).extract().path("items");
            Thread.sleep(100);
        }
        assertTrue(events.stream().anyMatch(e -> (toolkit + "__echo").equals(e.get("target")) && alice.equals(e.get("actor"))),
                events.toString());
    }

    @Test
    void refusalsSayWhyAndWhatAClientCanDo() throws Exception {
        String url = alicesServer().url();
        String metadata = loopbackBase() + "/.well-known/oauth-protected-resource" + url.substring(loopbackBase().length(), url.indexOf('?'));

        // No credentials: where to log in, and with which scope.
        initialize(url, null).statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer scope=\"switchboard\", resource_metadata=\"" + metadata + "\""));
        given().get(metadata).then().statusCode(200)
                .body("resource", equalTo(url.substring(0, url.indexOf('?'))))
                .body("authorization_servers[0]", equalTo(Keycloak.shared().issuer()))
                .body("scopes_supported", equalTo(List.of("switchboard")));

        // Bob is a member of alice's tenant: her URL is not his, and nothing of hers is shown.
        initialize(url, KeycloakOidc.userToken("bob")).statusCode(403)
                .header("WWW-Authenticate", nullValue())
                .body("detail", equalTo("A user may only use their own MCP URL"));

        // A token Keycloak issued to another service: invalid here, log in again.
        initialize(url, KeycloakOidc.otherAudienceToken("alice")).statusCode(401)
                .header("WWW-Authenticate", startsWithInvalidToken(metadata))
                .body("detail", equalTo("The token was not issued for Switchboard (its audience does not name it)"));

        // A token that names no audience at all: not for Switchboard either.
        String noAudience = KeycloakOidc.noAudienceToken("alice");
        assertTrue(Keycloak.claims(noAudience).path("aud").isMissingNode(), Keycloak.claims(noAudience).toString());
        initialize(url, noAudience).statusCode(401)
                .header("WWW-Authenticate", startsWithInvalidToken(metadata))
                .body("detail", equalTo("The token was not issued for Switchboard (its audience does not name it)"));

        // An expired token (Keycloak's, with a one-second lifetime): invalid, log in again (or refresh).
        String shortLived = KeycloakOidc.shortLivedToken("alice");
        long expiresAt = Keycloak.claims(shortLived).path("exp").asLong() * 1000;
        Thread.sleep(Math.max(0, expiresAt - System.currentTimeMillis()) + 1500);
        initialize(url, shortLived).statusCode(401)
                .header("WWW-Authenticate", startsWithInvalidToken(metadata))
                .body("detail", equalTo("The token has expired"));

        // A token for Switchboard without the scope that carries the tenant: ask for the scope.
        initialize(url, KeycloakOidc.tenantlessToken("alice")).statusCode(403)
                .header("WWW-Authenticate", equalTo("Bearer error=\"insufficient_scope\", error_description=\"The token has no"
                        + " 'tenant' claim naming a tenant\", scope=\"switchboard\", resource_metadata=\"" + metadata + "\""));
    }

    @Test
    void aDisabledTenantsUsersAreRefused() {
        String initech = KeycloakOidc.tenant("initech");
        String key = Api.platform().body(Map.of("name", "initech admin")).post(ROOT + "/tenants/initech/api_keys")
                .then().statusCode(201).extract().path("key");
        Api.as(key).body(Map.of("slug", "offline", "name", "Offline", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String server = Api.as(key).body(Map.of("name", "initech", "toolkits", List.of("offline")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String dave = KeycloakOidc.userToken(KeycloakOidc.initechUser());
        String url = loopbackBase() + "/v3/mcp/" + server + "/mcp?user_id=" + sub(dave);
        initialize(url, dave).statusCode(200);

        Api.platform().body(Map.of("status", "disabled")).patch(ROOT + "/tenants/" + initech).then().statusCode(200);
        try {
            initialize(url, dave).statusCode(403)
                    .header("WWW-Authenticate", nullValue())
                    .body("detail", equalTo("Tenant 'initech' is disabled"));
            given().auth().oauth2(dave).get(ROOT + "/toolkits").then().statusCode(403)
                    .body("detail", equalTo("Tenant 'initech' is disabled"));
        } finally {
            Api.platform().body(Map.of("status", "active")).patch(ROOT + "/tenants/" + initech).then().statusCode(200);
        }
        initialize(url, dave).statusCode(200);
    }

    private static org.hamcrest.Matcher<String> startsWithInvalidToken(String metadata) {
        return org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.startsWith("Bearer error=\"invalid_token\", error_description=\""),
                org.hamcrest.Matchers.endsWith("scope=\"switchboard\", resource_metadata=\"" + metadata + "\""),
                not(containsString("eyJ")));
    }

    private static ValidatableResponse initialize(String url, String token) {
        var request = given().header("Accept", "application/json, text/event-stream").contentType("application/json");
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.body(INITIALIZE).post(url).then();
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines)).substring(prefix.length());
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    /** Each expected line appears in {@code lines}, in this order (others may come between); '*' matches anything. */
    private static void assertInOrder(String output, List<String> lines, String... expected) {
        int from = 0;
        for (String line : expected) {
            String pattern = java.util.regex.Pattern.quote(line).replace("*", "\\E.*\\Q");
            int at = from;
            while (at < lines.size() && !lines.get(at).matches(pattern)) {
                at++;
            }
            assertTrue(at < lines.size(), "expected, in order, " + line + "\n" + output);
            from = at + 1;
        }
    }
}
