package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.McpPosts;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person takes their time to answer an elicitation: the upstream that asked is silent meanwhile, for longer than
 * its toolkit's timeout, and the call still completes once the answer comes (the toolkit's bound is for an upstream
 * that stalls, not for one waiting on the user).
 */
@QuarkusTest
class ElicitationPatienceTest {

    private static final long TOOLKIT_TIMEOUT_MS = 1000;

    @TestHTTPResource("/")
    URL base;

    private static Upstream upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startUpstream() {
        upstream = NodePeers.serverEverything("everything-patience");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Test
    void anElicitationAnsweredAfterTheToolkitsTimeoutStillCompletesTheCall() throws Exception {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "slowpoke", "name", "slowpoke", "mcp_url", upstream.mcpUrl(), "timeout_ms", TOOLKIT_TIMEOUT_MS))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String serverId = tenant.api().body(Map.of("name", "patience", "toolkits", List.of("slowpoke")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String url = base.toString().replaceAll("/$", "") + "/v3/mcp/" + serverId + "/mcp?user_id=patient-user";

        HttpResponse<String> initialized = http.send(McpPosts.post(url, tenant.adminKey(), null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{"elicitation":{}},"clientInfo":{"name":"patience","version":"1"}}}"""), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, initialized.statusCode(), initialized.body());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(McpPosts.post(url, tenant.adminKey(), session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());

        try (SseLines call = SseLines.open(http, McpPosts.post(url, tenant.adminKey(), session, """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slowpoke__trigger-elicitation-request","arguments":{}}}"""),
                Duration.ofSeconds(30))) {
            JsonPath asked = JsonPath.from(call.nextData("message"));
            assertEquals("elicitation/create", asked.getString("method"));
            // The user reads the question, thinks, answers: longer than the toolkit may stay silent otherwise.
            Thread.sleep(3 * TOOLKIT_TIMEOUT_MS);
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + asked.getString("id") + "\",\"result\":{\"action\":\"decline\"}}";
            assertEquals(202, http.send(McpPosts.post(url, tenant.adminKey(), session, answer), HttpResponse.BodyHandlers.discarding()).statusCode());

            JsonPath result = JsonPath.from(call.nextData("message"));
            assertEquals(1, result.getInt("id"), result.prettify());
            assertEquals((Object) null, result.get("error"), result.prettify());
            assertFalse(Boolean.TRUE.equals(result.get("result.isError")), result.prettify());
            assertTrue(result.getString("result.content[0].text").contains("decline"), result.prettify());
        }
    }
}
