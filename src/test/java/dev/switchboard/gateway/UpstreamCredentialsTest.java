package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.FakeUpstream.Received;
import dev.switchboard.support.RawMcpClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which credential a call through the gateway carries upstream: an auth config's shared key; each user's own
 * connected account for a config whose key belongs to each user (a user without one gets a tool error, and
 * nothing reaches the upstream); the user's account for a toolkit no config is pinned to; and none at all (no
 * call) when the config is disabled.
 */
@QuarkusTest
class UpstreamCredentialsTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream upstream;
    private final List<RawMcpClient> clients = new ArrayList<>();

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
    void aSharedKeyGoesUpstreamAndADisabledConfigIsNotUsed() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of("header_name", "X-Crm-Key", "api_key", "shared-key"));
        String server = server(tenant, config);

        RawMcpClient alice = client(tenant, server, "alice");
        assertEquals(List.of("crm__whoami"), toolNames(alice));
        assertEquals("ok", text(call(alice, "crm__whoami")));
        assertEquals(List.of("shared-key"), toolCallHeaders("X-Crm-Key"));

        tenant.api().patch(ROOT + "/auth_configs/" + config + "/DISABLED").then().statusCode(200);
        int before = upstream.received().size();
        JsonObject refused = call(alice, "crm__whoami");
        assertTrue(refused.getBoolean("isError"), refused.encode());
        assertTrue(text(refused).contains("The auth config '" + config + "' of toolkit 'crm' is disabled"), text(refused));
        RawMcpClient later = client(tenant, server, "bob");
        assertEquals(List.of(), toolNames(later));
        assertTrue(call(later, "crm__whoami").getBoolean("isError"));
        assertEquals(before, upstream.received().size(), "nothing reached the upstream: " + upstream.received());

        tenant.api().patch(ROOT + "/auth_configs/" + config + "/ENABLED").then().statusCode(200);
        assertEquals("ok", text(call(alice, "crm__whoami")));
        assertEquals(List.of("shared-key", "shared-key"), toolCallHeaders("X-Crm-Key"));
    }

    @Test
    void eachUserCallsWithTheirOwnKeyAndAUserWithoutOneIsToldToConnect() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of("header_name", "X-Crm-Key"));
        String server = server(tenant, config);
        // Saving the server asked the upstream for its tools (without a key: the config has none of its own).
        int saved = upstream.received().size();
        String alicesAccount = connect(tenant, config, "alice@example.com", "alice-key");
        connect(tenant, config, "bob@example.com", "bob-key");

        RawMcpClient alice = client(tenant, server, "alice@example.com");
        RawMcpClient bob = client(tenant, server, "bob@example.com");
        assertEquals(List.of("crm__whoami", "switchboard_connections_list", "switchboard_connections_start",
                "switchboard_connections_wait"), toolNames(alice));
        assertEquals("ok", text(call(alice, "crm__whoami")));
        assertEquals("ok", text(call(bob, "crm__whoami")));
        assertEquals(List.of("alice-key", "bob-key"), toolCallHeaders("X-Crm-Key"));
        List<Received> sessions = upstream.received().subList(saved, upstream.received().size());
        assertTrue(sessions.stream().allMatch(r -> r.headers().get("X-Crm-Key") != null),
                "every request of the users' sessions carried a user's key: " + sessions);

        int before = upstream.received().size();
        RawMcpClient carol = client(tenant, server, "carol@example.com");
        assertEquals(List.of("switchboard_connections_list", "switchboard_connections_start", "switchboard_connections_wait"),
                toolNames(carol));
        JsonObject refused = call(carol, "crm__whoami");
        assertTrue(refused.getBoolean("isError"), refused.encode());
        assertTrue(text(refused).matches("\\QUser 'carol@example.com' has no active connected account for toolkit 'crm' (auth config '"
                + config + "'): connect one, then call again. To connect, open http://localhost:8080/link/\\Elt_\\w+ "
                + "\\(it works once, for 10 minutes\\); connected_account_id: ca_\\w+\\."), text(refused));
        assertEquals(before, upstream.received().size(), "nothing of carol's reached the upstream: " + upstream.received());

        // A disabled account is used by no call, at once; enabled again, it is.
        tenant.api().body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + alicesAccount + "/status").then().statusCode(200);
        assertTrue(call(alice, "crm__whoami").getBoolean("isError"));
        assertEquals(before, upstream.received().size());
        tenant.api().body(Map.of("enabled", true)).patch(ROOT + "/connected_accounts/" + alicesAccount + "/status").then().statusCode(200);
        assertEquals("ok", text(call(alice, "crm__whoami")));
        assertEquals(List.of("alice-key", "bob-key", "alice-key"), toolCallHeaders("X-Crm-Key"));
    }

    @Test
    void aToolkitWithoutAPinnedConfigTakesTheUsersAccountForItIfAny() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "crm");
        String config = tenant.authConfig("crm", "BEARER_TOKEN", Map.of());
        tenant.api().body(Map.of("auth_config", Map.of("id", config), "connection", Map.of("user_id", "alice",
                        "state", Map.of("authScheme", "BEARER_TOKEN", "val", Map.of("status", "ACTIVE", "token", "alice-token")))))
                .post(ROOT + "/connected_accounts").then().statusCode(201);
        String server = tenant.api().body(Map.of("name", "unpinned", "toolkits", List.of("crm")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");

        assertEquals("ok", text(call(client(tenant, server, "alice"), "crm__whoami")));
        assertEquals("ok", text(call(client(tenant, server, "dave"), "crm__whoami")));
        assertEquals(java.util.Arrays.asList("Bearer alice-token", null), toolCallHeaders("Authorization"));
    }

    @Test
    void aSessionCallsWithItsUsersOwnKey() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        connect(tenant, config, "bob", "bob-key");

        assertEquals("ok", text(call(sessionClient(tenant, "bob", config), "crm__whoami")));
        assertEquals(List.of("bob-key"), toolCallHeaders("X-API-Key"));
        JsonObject refused = call(sessionClient(tenant, "erin", config), "crm__whoami");
        assertTrue(text(refused).startsWith("User 'erin' has no active connected account for toolkit 'crm'"), text(refused));
        assertEquals(List.of("bob-key"), toolCallHeaders("X-API-Key"));
    }

    private RawMcpClient sessionClient(TestTenant tenant, String userId, String authConfig) {
        String session = tenant.api().body(Map.of("user_id", userId, "toolkits", Map.of("enable", List.of("crm")),
                        "auth_configs", Map.of("crm", authConfig)))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("session_id");
        RawMcpClient client = new RawMcpClient(vertx, base, "/tool_router/" + session + "/mcp", tenant.adminKey());
        clients.add(client);
        client.initialize(new JsonObject());
        return client;
    }

    private static String connect(TestTenant tenant, String authConfig, String userId, String key) {
        return tenant.api().body(Map.of("auth_config", Map.of("id", authConfig), "connection", Map.of("user_id", userId,
                        "state", Map.of("authScheme", "API_KEY", "val", Map.of("status", "ACTIVE", "api_key", key)))))
                .post(ROOT + "/connected_accounts").then().statusCode(201).extract().path("id");
    }

    private void toolkit(TestTenant tenant, String slug) {
        tenant.api().body(Map.of("slug", slug, "name", slug, "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits")
                .then().statusCode(201);
    }

    private static String server(TestTenant tenant, String authConfig) {
        return tenant.api().body(Map.of("name", "credentials", "toolkits", List.of("crm"), "auth_config_ids", List.of(authConfig)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
    }

    private RawMcpClient client(TestTenant tenant, String server, String userId) {
        RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + server + "/mcp?user_id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8), tenant.adminKey());
        clients.add(client);
        client.initialize(new JsonObject());
        return client;
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

    /** The header each tools/call that reached the upstream carried, in order. */
    private List<String> toolCallHeaders(String header) {
        return upstream.received().stream().filter(r -> "tools/call".equals(r.rpcMethod())).map(Received::headers)
                .map(headers -> headers.get(header)).toList();
    }
}
