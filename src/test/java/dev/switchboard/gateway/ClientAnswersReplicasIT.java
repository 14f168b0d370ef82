package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.McpPosts;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.PackagedGateway;
import dev.switchboard.support.SseLines;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the gateway asks a 2025 session client itself, on a call's stream, may be answered on another replica, as a
 * load balancer without sticky routing sends the client's POSTs: the answer is handed to the replica that asked.
 * Two such requests: a connection tool's URL elicitation (the same call answers the account once the user completed
 * the link), and a modern (2026-07-28) upstream's input-required result turned into the client's own elicitation.
 */
class ClientAnswersReplicasIT {

    private static Upstream upstream;
    private static Upstream modernUpstream;
    private static PackagedGateway first;
    private static PackagedGateway second;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        upstream = NodePeers.serverEverything("elicitation-replica-upstream");
        modernUpstream = NodePeers.conformanceUpstream2026("elicitation-replica-modern", true);
        first = PackagedGateway.start("elicitation-replica-a", Map.of());
        second = PackagedGateway.start("elicitation-replica-b", Map.of("quarkus.flyway.clean-at-start", "false"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {second, first, upstream, modernUpstream}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception ignored) {
                    // stopping what is left
                }
            }
        }
    }

    @Test
    void theAnswerToAConnectionElicitationMayReachAnotherReplica() throws Exception {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        tenant.api().body(Map.of("slug", "crm", "name", "CRM", "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits").then().statusCode(201);
        String config = tenant.authConfig("crm", "BEARER_TOKEN", Map.of());
        String serverId = tenant.api().body(Map.of("name", "agent", "toolkits", List.of("crm"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String onFirst = first.mcpUrl(serverId, "noor");
        String onSecond = second.mcpUrl(serverId, "noor");
        String session = initialize(onFirst, tenant.adminKey());

        HttpRequest start = McpPosts.post(onFirst, tenant.adminKey(), session, """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"switchboard_connections_start",
                 "arguments":{"toolkit":"crm"}}}""");
        try (SseLines call = SseLines.open(http, start, Duration.ofSeconds(60))) {
            JsonPath asked = JsonPath.from(call.nextData("message"));
            assertEquals("elicitation/create", asked.getString("method"));
            assertEquals("url", asked.getString("params.mode"));
            String url = asked.getString("params.url");
            assertTrue(url.contains("/link/lt_"), url);

            // The user completes the link in a browser (served by whichever replica), and the client answers elsewhere.
            completeTheLink(url.replace("http://localhost:", "http://127.0.0.1:"), "noor-token");
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + asked.getString("id") + "\",\"result\":{\"action\":\"accept\"}}";
            assertEquals(202, post(onSecond, tenant.adminKey(), session, answer).statusCode());

            JsonPath completed = JsonPath.from(call.nextData("message"));
            assertEquals("notifications/elicitation/complete", completed.getString("method"));
            assertEquals(asked.getString("params.elicitationId"), completed.getString("params.elicitationId"));
            JsonPath result = JsonPath.from(call.nextData("message"));
            assertEquals(1, result.getInt("id"));
            assertEquals("ACTIVE", result.getString("result.structuredContent.status"), result.prettify());
            assertEquals("accept", result.getString("result.structuredContent.user_answer"));
            assertEquals(asked.getString("params.elicitationId"), result.getString("result.structuredContent.connected_account_id"));
        }
    }

    @Test
    void theAnswerToAModernUpstreamsInputRequestMayReachAnotherReplica() throws Exception {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        tenant.api().body(Map.of("slug", "modern", "name", "Modern", "mcp_url", modernUpstream.mcpUrl())).post(ROOT + "/toolkits")
                .then().statusCode(201);
        String serverId = tenant.api().body(Map.of("name", "modern", "toolkits", List.of("modern")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String onFirst = first.mcpUrl(serverId, "omar");
        String session = initialize(onFirst, tenant.adminKey());

        HttpRequest call = McpPosts.post(onFirst, tenant.adminKey(), session, """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"modern__test_input_required_result_elicitation",
                 "arguments":{}}}""");
        try (SseLines events = SseLines.open(http, call, Duration.ofSeconds(60))) {
            JsonPath asked = JsonPath.from(events.nextData("message"));
            assertEquals("elicitation/create", asked.getString("method"), asked.prettify());
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + asked.getString("id")
                    + "\",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Omar\"}}}";
            assertEquals(202, post(second.mcpUrl(serverId, "omar"), tenant.adminKey(), session, answer).statusCode());

            JsonPath result = JsonPath.from(events.nextData("message"));
            assertEquals(1, result.getInt("id"));
            assertEquals("Hello, Omar!", result.getString("result.content[0].text"), result.prettify());
        }
    }

    /** A 2025-11-25 session that declares elicitation in both modes. */
    private String initialize(String url, String apiKey) throws Exception {
        HttpResponse<String> initialized = post(url, apiKey, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{"elicitation":{"form":{},"url":{}}},"clientInfo":{"name":"replica-answers","version":"1"}}}""");
        assertEquals(200, initialized.statusCode(), initialized.body());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertEquals(202, post(url, apiKey, session, """
                {"jsonrpc":"2.0","method":"notifications/initialized"}""").statusCode());
        return session;
    }

    private void completeTheLink(String url, String key) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find(), page.body());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String form = "csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8) + "&key=" + key;
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
    }

    private HttpResponse<String> post(String url, String apiKey, String session, String body) throws Exception {
        return http.send(McpPosts.post(url, apiKey, session, body), HttpResponse.BodyHandlers.ofString());
    }
}
