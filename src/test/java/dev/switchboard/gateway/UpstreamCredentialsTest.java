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
 * Which credential a call through the gateway carries upstream: an auth config's shared key, and none at all
 * (no call) when the config is disabled.
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
