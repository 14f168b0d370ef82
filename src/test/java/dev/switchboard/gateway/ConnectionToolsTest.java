package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.RawMcpClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection-management tools in one MCP session: a user without the account a toolkit needs sees the tools,
 * gets a tool error with a link when calling the toolkit, starts and waits for a connection, completes the link's
 * form, and the same session then reaches the upstream with the user's key. Where connection management is off
 * (the server, the generated URL, a session), the tools are absent and not callable.
 */
@QuarkusTest
class ConnectionToolsTest {

    private static final List<String> CONNECTION_TOOLS = List.of("switchboard_connections_list", "switchboard_connections_start",
            "switchboard_connections_wait");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream upstream;
    private final List<RawMcpClient> clients = new ArrayList<>();
    private int ids = 10;

    @BeforeEach
    void startUpstream() {
        upstream = FakeUpstream.start(vertx).tool("whoami");
    }

    @AfterEach
    void stop() {
        clients.forEach(RawMcpClient::close);
        upstream.close();
    }

    @Test
    void aUserConnectsFromInsideTheSessionAndTheNextCallCarriesTheirKey() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant);
        String config = tenant.authConfig("crm", "API_KEY", Map.of("header_name", "X-Crm-Key"));
        String server = tenant.api().body(Map.of("name", "tools", "toolkits", List.of("crm"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        RawMcpClient erin = client(tenant, "/v3/mcp/" + server + "/mcp?user_id=erin", new JsonObject());
        assertEquals(CONNECTION_TOOLS, toolNames(erin));
        JsonObject listed = call(erin, "switchboard_connections_list", new JsonObject());
        assertFalse(listed.getBoolean("isError"));
        JsonObject crm = listed.getJsonObject("structuredContent").getJsonArray("toolkits").getJsonObject(0);
        assertEquals("required", crm.getString("connection"));
        assertEquals(false, crm.getBoolean("usable"));

        JsonObject refused = call(erin, "crm__whoami", new JsonObject());
        assertTrue(refused.getBoolean("isError"));
        assertTrue(text(refused).contains("To connect, open http://localhost:8080/link/lt_"), text(refused));

        JsonObject started = call(erin, "switchboard_connections_start", new JsonObject().put("toolkit", "crm"));
        assertFalse(started.getBoolean("isError"), started.encode());
        String account = started.getJsonObject("structuredContent").getString("connected_account_id");
        String link = started.getJsonObject("structuredContent").getString("redirect_url");
        long before = System.nanoTime();
        JsonObject pending = call(erin, "switchboard_connections_wait", new JsonObject().put("connected_account_id", account)
                .put("timeout_seconds", 2));
        assertTrue(System.nanoTime() - before < 5_000_000_000L, "the wait kept its bound");
        assertEquals("INITIATED", pending.getJsonObject("structuredContent").getString("status"));

        fillIn(link, "erin-key");
        JsonObject active = call(erin, "switchboard_connections_wait", new JsonObject().put("connected_account_id", account));
        assertEquals("ACTIVE", active.getJsonObject("structuredContent").getString("status"), active.encode());
        assertEquals("ok", text(call(erin, "crm__whoami", new JsonObject())));
        assertEquals(List.of("erin-key"), upstream.received().stream().filter(r -> "tools/call".equals(r.rpcMethod()))
                .map(r -> r.headers().get("X-Crm-Key")).toList());
        assertTrue(toolNames(erin).contains("crm__whoami"));

        // The connection tools are audited like every tool call (off the request path: wait for the batch writer).
        List<Map<String, Object>> events = List.of();
        for (int attempt = 0; attempt < 100 && events.size() < 6; attempt++) {
            events = tenant.api().queryParam("action", "tools/call").queryParam("user_id", "erin").get(ROOT + "/audit").then()
                    .statusCode(200).extract().path("items");
            sleep(100);
        }
        assertEquals(List.of("crm__whoami:completed", "crm__whoami:credential_unavailable", "switchboard_connections_list:completed",
                "switchboard_connections_start:completed", "switchboard_connections_wait:completed", "switchboard_connections_wait:completed"),
                events.stream().map(e -> e.get("target") + ":" + e.get("outcome")).sorted().toList());

        // Another user's account is not theirs to wait for.
        RawMcpClient frank = client(tenant, "/v3/mcp/" + server + "/mcp?user_id=frank", new JsonObject());
        JsonObject notTheirs = call(frank, "switchboard_connections_wait", new JsonObject().put("connected_account_id", account));
        assertTrue(notTheirs.getBoolean("isError"));
        assertTrue(text(call(frank, "switchboard_connections_start", new JsonObject().put("toolkit", "nope"))).startsWith("Unknown toolkit"));
    }

    @Test
    void theToolsAreAbsentWhereConnectionManagementIsOff() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant);
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String managed = tenant.api().body(Map.of("name", "managed", "toolkits", List.of("crm"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String manual = tenant.api().body(Map.of("name", "manual", "toolkits", List.of("crm"), "auth_config_ids", List.of(config),
                "managed_auth_via_composio", false)).post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String generated = tenant.api().body(Map.of("mcp_server_id", managed, "user_ids", List.of("gina"),
                "managed_auth_by_composio", false)).post(ROOT + "/mcp/servers/generate").then().statusCode(200)
                .extract().path("user_ids_url[0]");
        assertTrue(generated.endsWith("manage_connections=false"), generated);

        RawMcpClient viaGenerated = client(tenant, URI.create(generated).getRawPath() + "?" + URI.create(generated).getRawQuery(),
                new JsonObject());
        assertEquals(List.of(), toolNames(viaGenerated));
        RawMcpClient viaManual = client(tenant, "/v3/mcp/" + manual + "/mcp?user_id=gina", new JsonObject());
        assertEquals(List.of(), toolNames(viaManual));
        JsonObject unknown = viaManual.post(RawMcpClient.request(ids++, "tools/call", new JsonObject()
                .put("name", "switchboard_connections_list").put("arguments", new JsonObject()))).json();
        assertEquals(-32602, unknown.getJsonObject("error").getInteger("code"));

        String session = tenant.api().body(Map.of("user_id", "gina", "toolkits", Map.of("enable", List.of("crm")),
                        "auth_configs", Map.of("crm", config), "manage_connections", Map.of("enable", false)))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("session_id");
        assertEquals(List.of(), toolNames(client(tenant, "/tool_router/" + session + "/mcp", new JsonObject())));
        String withTools = tenant.api().body(Map.of("user_id", "gina", "toolkits", Map.of("enable", List.of("crm")),
                        "auth_configs", Map.of("crm", config)))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("session_id");
        assertEquals(CONNECTION_TOOLS, toolNames(client(tenant, "/tool_router/" + withTools + "/mcp", new JsonObject())));
    }

    /** Fills in a link's form as a browser does: the page, its CSRF field and cookie, then the post. */
    static void fillIn(String link, String key) {
        String path = URI.create(link).getPath();
        Response page = given().get(path);
        page.then().statusCode(200);
        Matcher field = CSRF_FIELD.matcher(page.asString());
        assertTrue(field.find());
        given().contentType("application/x-www-form-urlencoded").cookie("switchboard_link_csrf", page.getCookie("switchboard_link_csrf"))
                .formParam("csrf", field.group(1)).formParam("key", key).post(path).then().statusCode(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void toolkit(TestTenant tenant) {
        tenant.api().body(Map.of("slug", "crm", "name", "crm", "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits").then().statusCode(201);
    }

    private RawMcpClient client(TestTenant tenant, String path, JsonObject capabilities) {
        RawMcpClient client = new RawMcpClient(vertx, base, path, tenant.adminKey());
        clients.add(client);
        client.initialize(capabilities);
        return client;
    }

    private List<String> toolNames(RawMcpClient client) {
        return client.post(RawMcpClient.request(ids++, "tools/list", new JsonObject())).json().getJsonObject("result")
                .getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")).toList();
    }

    private JsonObject call(RawMcpClient client, String tool, JsonObject arguments) {
        RawMcpClient.Reply reply = client.post(RawMcpClient.request(ids++, "tools/call", new JsonObject().put("name", tool)
                .put("arguments", arguments)));
        assertEquals(200, reply.status(), reply.body());
        JsonObject answer = reply.json();
        assertTrue(answer.containsKey("result"), answer.encode());
        return answer.getJsonObject("result");
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }
}
