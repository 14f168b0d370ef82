package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.Eventually;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * MCP 2026-07-28's {@code subscriptions/listen} through the gateway, for a client pinned to that revision (the v2
 * TypeScript SDK, mcp-listen-check.mjs) of a server with a 2025 upstream (conformance-upstream.mjs) and a 2026-07-28
 * one (conformance-upstream-2026.mjs), both started with their listen tools: the stream is acknowledged with what
 * was asked, both upstreams' list changes and resource updates reach it (URIs namespaced, the subscription id on
 * each), and once the client closes it the 2025 upstream's standalone stream and resource subscription, and the
 * 2026-07-28 upstream's own listen stream, are gone (as each upstream reports). A raw client following the spec
 * does the same on a tool-router session URL, and gets only what its filter asks for.
 */
@QuarkusTest
class SubscriptionsListenGatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "switchboard.public-url")
    String publicUrl;

    @Test
    void listChangesAndResourceUpdatesOfA2025AndAModernUpstreamReachTheListenStreamAndClosingReleasesThem() {
        try (Upstream legacy = NodePeers.fixture("conformance-upstream.mjs", "listen-2025",
                        Map.of("SERVER_REQUESTS_VIA", "post", "LISTEN_TOOLS", "1"));
                Upstream modern = NodePeers.fixture("conformance-upstream-2026.mjs", "listen-2026",
                        Map.of("MODERN_ONLY", "1", "LISTEN_TOOLS", "1"))) {
            TestTenant tenant = Api.newTenant();
            for (var toolkit : Map.of("old", legacy, "new", modern).entrySet()) {
                tenant.api().body(Map.of("slug", toolkit.getKey(), "name", toolkit.getKey(), "mcp_url", toolkit.getValue().mcpUrl()))
                        .post(ROOT + "/toolkits").then().statusCode(201);
            }
            String serverId = tenant.api().body(Map.of("name", "listen", "toolkits", List.of("old", "new")))
                    .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
            String url = base.toString().replaceAll("/$", "") + "/v3/mcp/" + serverId + "/mcp?user_id=listener";

            NodePeers.runScript("mcp-listen-check.mjs", Map.of("MCP_URL", url, "API_KEY", tenant.adminKey(), "EXPECT", """
                    {"watch": {"old+test://watched-resource": "old__notify_change", "new+test://static-text": "new__notify_change"},
                     "released": {"old__listen_state": {"getStreams": 0, "subscriptions": []}, "new__listen_state": {"listeners": 0}}}
                    """));
        }
    }

    @Test
    void aRawClientOnASessionUrlGetsWhatItsFilterAsksForUnderItsSubscriptionId() throws Exception {
        try (Upstream legacy = NodePeers.fixture("conformance-upstream.mjs", "listen-session-2025",
                Map.of("SERVER_REQUESTS_VIA", "post", "LISTEN_TOOLS", "1"))) {
            TestTenant tenant = Api.newTenant();
            tenant.api().body(Map.of("slug", "old", "name", "old", "mcp_url", legacy.mcpUrl())).post(ROOT + "/toolkits")
                    .then().statusCode(201);
            String url = tenant.api().body(Map.of("user_id", "raw-listener", "toolkits", Map.of("enable", List.of("old"))))
                    .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("mcp.url").toString()
                    .replace(publicUrl, base.toString().replaceAll("/$", ""));
            JsonObject filter = new JsonObject().put("toolsListChanged", true).put("promptsListChanged", true)
                    .put("resourceSubscriptions", new JsonArray().add("old+test://watched-resource"));
            HttpRequest request = ModernMcp.listen(url, tenant.adminKey(), "sub-1", filter);
            try (SseLines stream = SseLines.open(HttpClient.newHttpClient(), request, PATIENCE)) {
                JsonObject ack = new JsonObject(stream.nextData("message"));
                assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"), ack.encode());
                assertEquals("sub-1", ack.getJsonObject("params").getJsonObject("_meta").getString(SUBSCRIPTION_ID));
                assertEquals(filter, ack.getJsonObject("params").getJsonObject("notifications"));

                ModernMcp.post(url, tenant.adminKey(), ModernMcp.toolCall(2, "old__notify_change", new JsonObject(), new JsonObject()))
                        .then().statusCode(200);
                // The upstream sends tools, prompts and resources list changes, then the update: the resources list
                // change was not asked for, so the update comes right after the prompts list change.
                for (String method : List.of("notifications/tools/list_changed", "notifications/prompts/list_changed",
                        "notifications/resources/updated")) {
                    JsonObject notification = new JsonObject(stream.nextData("message"));
                    assertEquals(method, notification.getString("method"), notification.encode());
                    assertEquals("sub-1", notification.getJsonObject("params").getJsonObject("_meta").getString(SUBSCRIPTION_ID));
                }
            }
            String released = new JsonObject().put("getStreams", 0).put("subscriptions", new JsonArray()).encode();
            String[] seen = new String[1];
            Eventually.within(PATIENCE, 1, () -> {
                JsonObject answer = ModernMcp.answer(ModernMcp.post(url, tenant.adminKey(),
                        ModernMcp.toolCall(3, "old__listen_state", new JsonObject(), new JsonObject())));
                seen[0] = answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
                return released.equals(seen[0]) ? 1 : 0;
            });
            assertEquals(released, seen[0], "the 2025 upstream's standalone stream and subscription once the client closed");
        }
    }
}
