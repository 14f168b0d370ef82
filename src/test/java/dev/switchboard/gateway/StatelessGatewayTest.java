package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP 2026-07-28 clients (stateless, self-describing requests) through the gateway to 2025 upstreams
 * (server-everything): the v2 TypeScript SDK pinned to that revision, and the wire rules checked request by
 * request. The same URL keeps serving a 2025 client.
 */
@QuarkusTest
class StatelessGatewayTest {

    private static final String MODERN = "2026-07-28";
    private static Upstream alpha;
    private static Upstream beta;
    private static TestTenant tenant;
    private static String path;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startUpstreams() {
        alpha = NodePeers.serverEverything("stateless-alpha");
        beta = NodePeers.serverEverything("stateless-beta");
    }

    @AfterAll
    static void stopUpstreams() {
        alpha.close();
        beta.close();
    }

    private synchronized String path() {
        if (path == null) {
            tenant = Api.newTenant();
            for (Upstream upstream : List.of(alpha, beta)) {
                String slug = upstream == alpha ? "alpha" : "beta";
                tenant.api().body(Map.of("slug", slug, "name", slug, "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits")
                        .then().statusCode(201);
            }
            String id = tenant.api().body(Map.of("name", "stateless", "toolkits", List.of("alpha", "beta"), "allowed_tools", List.of()))
                    .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
            path = "/v3/mcp/" + id + "/mcp?user_id=modern-user";
        }
        return path;
    }

    private String url() {
        return base.toString().replaceAll("/$", "") + path();
    }

    @Test
    void aClientPinnedTo20260728DiscoversListsAndCallsTools() {
        String report = NodePeers.runScript("mcp-modern-client-check.mjs", Map.of("MCP_URL", url(), "API_KEY", apiKey(),
                "EXPECT", """
                        {"tools": ["alpha__echo", "beta__echo", "alpha__get-sum"], "call": "beta__echo"}"""));
        assertTrue(report.contains("\"protocolVersion\":\"" + MODERN + "\""), report);
    }

    @Test
    void theSameUrlStillServesA2025Client() {
        NodePeers.runScript("mcp-client-check.mjs", Map.of("MCP_URL", url(), "API_KEY", apiKey(), "CHECK", "session,listing,echo",
                "EXPECT", """
                        {"tools": ["alpha__echo", "beta__echo"], "call": "alpha__echo"}"""));
    }

    @Test
    void discoverAnswersTheMergedCapabilitiesAndEveryRevisionWithoutASession() {
        Response response = post(request(1, "server/discover", new JsonObject()), headers("server/discover", null));
        assertEquals(200, response.statusCode(), response.asString());
        assertNull(response.header("Mcp-Session-Id"), "a stateless answer opens no session");
        JsonObject result = result(response);
        assertEquals("complete", result.getString("resultType"));
        assertTrue(result.getJsonArray("supportedVersions").contains(MODERN), result.encode());
        assertTrue(result.getJsonArray("supportedVersions").contains("2025-11-25"), result.encode());
        assertNotNull(result.getJsonObject("capabilities").getJsonObject("tools"), result.encode());
        assertEquals("private", result.getString("cacheScope"));
        assertTrue(result.getLong("ttlMs") >= 0, result.encode());
    }

    @Test
    void toolListsArePrivateAndCacheable() {
        Response response = post(request(2, "tools/list", new JsonObject()), headers("tools/list", null));
        assertEquals(200, response.statusCode(), response.asString());
        JsonObject result = result(response);
        assertEquals("complete", result.getString("resultType"));
        assertEquals("private", result.getString("cacheScope"), "a per-user list is private");
        assertTrue(result.getLong("ttlMs") > 0, result.encode());
        List<String> names = result.getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")).toList();
        assertTrue(names.contains("alpha__echo") && names.contains("beta__echo"), names.toString());
    }

    @Test
    void aRelayedToolResultSaysItIsComplete() {
        JsonObject params = new JsonObject().put("name", "alpha__echo").put("arguments", new JsonObject().put("message", "typed"));
        Response response = post(request(3, "tools/call", params), headers("tools/call", "alpha__echo"));
        assertEquals(200, response.statusCode(), response.asString());
        JsonObject result = result(response);
        assertEquals("complete", result.getString("resultType"), result.encode());
        assertTrue(result.getJsonArray("content").encode().contains("typed"), result.encode());
    }

    /** The gateway's own upstream session behind stateless requests is opened again when the upstream loses it. */
    @Test
    void anUpstreamThatRestartedIsReachedThroughANewPooledSession() {
        Upstream restarting = NodePeers.serverEverything("stateless-restarting");
        try {
            String id = tenant().serverOver("phoenix", restarting.mcpUrl());
            String phoenix = "/v3/mcp/" + id + "/mcp?user_id=modern-user";
            JsonObject params = new JsonObject().put("name", "phoenix__echo").put("arguments", new JsonObject().put("message", "one"));
            Response first = post(phoenix, request(20, "tools/call", params), headers("tools/call", "phoenix__echo"));
            assertTrue(result(first).getJsonArray("content").encode().contains("one"), first.asString());
            int port = restarting.port();
            restarting.close();
            restarting = NodePeers.serverEverything("stateless-restarted", port);
            params = new JsonObject().put("name", "phoenix__echo").put("arguments", new JsonObject().put("message", "two"));
            Response second = post(phoenix, request(21, "tools/call", params), headers("tools/call", "phoenix__echo"));
            assertEquals(200, second.statusCode(), second.asString());
            JsonObject result = result(second);
            assertTrue(result.getJsonArray("content").encode().contains("two"), "a new upstream session served the call: " + result);
        } finally {
            restarting.close();
        }
    }

    /** A toolkit added to the server joins the user's pooled sessions at the next request: the pool opens them again. */
    @Test
    void aToolkitAddedToTheServerJoinsThePooledSessions() {
        TestTenant owner = tenant();
        String id = owner.api().body(Map.of("name", "growing", "toolkits", List.of("alpha"), "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String growing = "/v3/mcp/" + id + "/mcp?user_id=modern-user";
        JsonObject params = new JsonObject().put("name", "alpha__echo").put("arguments", new JsonObject().put("message", "before"));
        Response first = post(growing, request(30, "tools/call", params), headers("tools/call", "alpha__echo"));
        assertTrue(result(first).getJsonArray("content").encode().contains("before"), first.asString());

        owner.api().body(Map.of("toolkits", List.of("alpha", "beta"))).patch(ROOT + "/mcp/" + id).then().statusCode(200);
        Response listed = post(growing, request(31, "tools/list", new JsonObject()), headers("tools/list", null));
        List<String> names = result(listed).getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")).toList();
        assertTrue(names.contains("alpha__echo") && names.contains("beta__echo"), names.toString());
        params = new JsonObject().put("name", "beta__echo").put("arguments", new JsonObject().put("message", "after"));
        Response second = post(growing, request(32, "tools/call", params), headers("tools/call", "beta__echo"));
        assertEquals(200, second.statusCode(), second.asString());
        assertTrue(result(second).getJsonArray("content").encode().contains("after"), second.asString());
    }

    @Test
    void aBase64EncodedNameIsDecodedBeforeItIsCompared() {
        JsonObject params = new JsonObject().put("name", "beta__echo").put("arguments", new JsonObject().put("message", "b64"));
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("beta__echo".getBytes(StandardCharsets.UTF_8)) + "?=";
        Response response = post(request(4, "tools/call", params), headers("tools/call", encoded));
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(result(response).getJsonArray("content").encode().contains("b64"));
    }

    @Test
    void aMissingMethodHeaderIsAHeaderMismatch() {
        Map<String, String> headers = headers("tools/list", null);
        headers.remove("Mcp-Method");
        headerMismatch(post(request(5, "tools/list", new JsonObject()), headers), 5);
    }

    @Test
    void aMethodHeaderThatDisagreesWithTheBodyIsRefused() {
        headerMismatch(post(request(6, "tools/list", new JsonObject()), headers("prompts/list", null)), 6);
    }

    @Test
    void aNameHeaderThatDisagreesWithTheBodyIsRefusedBeforeAnyUpstreamIsAsked() {
        JsonObject params = new JsonObject().put("name", "alpha__echo").put("arguments", new JsonObject().put("message", "x"));
        headerMismatch(post(request(7, "tools/call", params), headers("tools/call", "beta__echo")), 7);
        Map<String, String> noName = headers("tools/call", null);
        headerMismatch(post(request(8, "tools/call", params), noName), 8);
    }

    @Test
    void aVersionHeaderThatDisagreesWithTheBodysMetaIsRefused() {
        JsonObject message = request(9, "tools/list", new JsonObject());
        message.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2025-11-25");
        headerMismatch(post(message, headers("tools/list", null)), 9);
    }

    /** What a listen stream carries is opt-in: a listen without its filter is refused at once (see SubscriptionsListenGatewayTest). */
    @Test
    void aListenWithoutItsFilterIsInvalid() {
        Response response = post(request(10, "subscriptions/listen", new JsonObject()), headers("subscriptions/listen", null));
        JsonObject answer = ModernMcp.answer(response);
        assertEquals(10, answer.getInteger("id"), response.asString());
        assertEquals(-32602, answer.getJsonObject("error").getInteger("code"));
    }

    /** 2026-07-28 removed ping: a method not found, as for any method a server does not implement. */
    @Test
    void pingIsARemovedMethod() {
        Response response = post(request(11, "ping", new JsonObject()), headers("ping", null));
        assertEquals(404, response.statusCode(), response.asString());
        assertEquals(-32601, new JsonObject(response.asString()).getJsonObject("error").getInteger("code"));
    }

    @Test
    void aRequestWithoutItsMetaIsInvalid() {
        JsonObject message = request(12, "tools/list", new JsonObject());
        message.getJsonObject("params").remove("_meta");
        Response response = post(message, headers("tools/list", null));
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals(-32602, new JsonObject(response.asString()).getJsonObject("error").getInteger("code"));
    }

    @Test
    void anUnsupportedVersionIsAnsweredWithTheSupportedOnes() {
        JsonObject message = request(13, "tools/list", new JsonObject());
        message.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/protocolVersion", "1900-01-01");
        Map<String, String> headers = headers("tools/list", null);
        headers.put("MCP-Protocol-Version", "1900-01-01");
        Response response = post(message, headers);
        assertEquals(400, response.statusCode(), response.asString());
        JsonObject error = new JsonObject(response.asString()).getJsonObject("error");
        assertEquals(-32022, error.getInteger("code"));
        assertEquals("1900-01-01", error.getJsonObject("data").getString("requested"));
        assertTrue(error.getJsonObject("data").getJsonArray("supported").contains(MODERN), error.encode());
    }

    @Test
    void aNotificationIsAccepted() {
        JsonObject notification = new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                .put("params", new JsonObject().put("requestId", 1));
        assertEquals(202, post(notification, headers("notifications/cancelled", null)).statusCode());
    }

    private static void headerMismatch(Response response, int id) {
        assertEquals(400, response.statusCode(), response.asString());
        JsonObject answer = new JsonObject(response.asString());
        assertEquals(id, answer.getInteger("id"), answer.encode());
        assertEquals(-32020, answer.getJsonObject("error").getInteger("code"), answer.encode());
    }

    private String apiKey() {
        return tenant().adminKey();
    }

    private TestTenant tenant() {
        path();
        return tenant;
    }

    /** A self-describing request: its version, client info and capabilities in {@code _meta}. */
    private static JsonObject request(int id, String method, JsonObject params) {
        params.put("_meta", new JsonObject().put("io.modelcontextprotocol/protocolVersion", MODERN)
                .put("io.modelcontextprotocol/clientInfo", new JsonObject().put("name", "raw").put("version", "1"))
                .put("io.modelcontextprotocol/clientCapabilities", new JsonObject()));
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", MODERN);
        headers.put("Mcp-Method", method);
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        return headers;
    }

    private Response post(JsonObject message, Map<String, String> headers) {
        return post(path(), message, headers);
    }

    private Response post(String to, JsonObject message, Map<String, String> headers) {
        return given().header("x-api-key", apiKey()).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").headers(headers).body(message.encode()).post(to);
    }

    /** The result of a JSON answer, or of the last message of an event stream. */
    private static JsonObject result(Response response) {
        String body = response.asString();
        String json = body;
        if (String.valueOf(response.contentType()).startsWith("text/event-stream")) {
            List<String> data = body.lines().filter(line -> line.startsWith("data:") && line.length() > 5).toList();
            json = data.get(data.size() - 1).substring(5).trim();
        }
        JsonObject answer = new JsonObject(json);
        assertNotNull(answer.getJsonObject("result"), body);
        return answer.getJsonObject("result");
    }
}
