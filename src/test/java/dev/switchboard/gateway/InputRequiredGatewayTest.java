package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.MetricsScrape;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2025 upstream (server-everything) that asks the user something during a 2026-07-28 client's tool call:
 * the client gets an input_required result with a sealed requestState, and its retry completes the call
 * (the v2 TypeScript SDK does this by itself, for elicitation and sampling). A state that was tampered with, or issued for another call or
 * user, is refused and forwards nothing; a client that never retries leaves nothing held after the timeout
 * (5 s in tests).
 */
@QuarkusTest
class InputRequiredGatewayTest {

    private static final String TOOL = "asker__trigger-elicitation-request";
    private static final JsonObject ELICITATION = new JsonObject().put("elicitation", new JsonObject());
    private static final String PENDING = "switchboard_gateway_input_required_pending";
    private static Upstream upstream;
    private static TestTenant tenant;
    private static String serverId;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startUpstream() {
        upstream = NodePeers.serverEverything("input-required");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Test
    void aClientPinnedTo20260728AnswersAnUpstreamsElicitationAndSamplingThroughInputRequired() {
        String report = NodePeers.runScript("mcp-modern-elicitation-check.mjs", Map.of("MCP_URL", url("sdk-user"),
                "API_KEY", tenant().adminKey(), "TOOL", TOOL, "SAMPLING_TOOL", "asker__trigger-sampling-request",
                "ANSWER", "Ada Lovelace"));
        assertTrue(report.contains("sampled Ada Lovelace"), report);
    }

    @Test
    void aRawRetryWithTheAnswerCompletesTheCall() {
        JsonObject asked = askedForInput(url("raw-user"), 1);
        JsonObject done = retry(url("raw-user"), 2, asked, asked.getString("requestState"), "Grace Hopper");
        JsonObject result = done.getJsonObject("result");
        assertNotNull(result, done.encode());
        assertEquals("complete", result.getString("resultType"), result.encode());
        assertTrue(result.getJsonArray("content").encode().contains("Grace Hopper"), result.encode());
        assertTrue(!result.containsKey("requestState"), result.encode());
    }

    @Test
    void aTamperedForeignOrMisdirectedStateIsRefusedAndForwardsNothing() {
        String url = url("careful-user");
        JsonObject asked = askedForInput(url, 10);
        String state = asked.getString("requestState");
        // A character in the middle: the last one may carry only padding bits, which decoding ignores.
        int middle = state.length() / 2;
        String tampered = state.substring(0, middle) + (state.charAt(middle) == 'A' ? 'B' : 'A') + state.substring(middle + 1);
        assertInvalidParams(retry(url, 11, asked, tampered, "Mallory"));
        assertInvalidParams(retry(url, 12, asked, state + "-TAMPERED", "Mallory"));
        // Another user of the same tenant presenting this user's state.
        assertInvalidParams(retry(url("other-user"), 13, asked, state, "Mallory"));
        // The same state on another call (other arguments).
        JsonObject other = ModernMcp.toolCall(14, TOOL, new JsonObject().put("extra", 1), ELICITATION);
        other.getJsonObject("params").put("requestState", state).put("inputResponses", answers(asked, "Mallory"));
        assertInvalidParams(ModernMcp.answer(ModernMcp.post(url, tenant().adminKey(), other)));
        // None of these reached the upstream: the genuine retry still completes with its own answer.
        JsonObject done = retry(url, 15, asked, state, "Katherine Johnson");
        String content = done.getJsonObject("result").getJsonArray("content").encode();
        assertTrue(content.contains("Katherine Johnson") && !content.contains("Mallory"), content);
    }

    @Test
    void aClientThatNeverRetriesLeavesNothingHeld() {
        String url = url("silent-user");
        JsonObject asked = askedForInput(url, 20);
        Map<String, Double> held = MetricsScrape.scrape();
        assertTrue(held.getOrDefault(PENDING, 0.0) >= 1, "the call is held: " + held.get(PENDING));
        Map<String, Double> after = MetricsScrape.scrapeUntil(Duration.ofSeconds(20), now -> now.getOrDefault(PENDING, 1.0) == 0);
        assertEquals(0.0, after.get(PENDING), "nothing is held after the timeout");
        assertInvalidParams(retry(url, 21, asked, asked.getString("requestState"), "Too Late"));
    }

    /** Calls the tool; the answer must be input_required with one elicitation and a state. */
    private JsonObject askedForInput(String url, int id) {
        JsonObject answer = ModernMcp.answer(ModernMcp.post(url, tenant().adminKey(),
                ModernMcp.toolCall(id, TOOL, new JsonObject(), ELICITATION)));
        assertEquals(id, answer.getInteger("id"), answer.encode());
        JsonObject result = answer.getJsonObject("result");
        assertNotNull(result, answer.encode());
        assertEquals("input_required", result.getString("resultType"), result.encode());
        assertEquals(1, result.getJsonObject("inputRequests").size(), result.encode());
        JsonObject request = (JsonObject) result.getJsonObject("inputRequests").iterator().next().getValue();
        assertEquals("elicitation/create", request.getString("method"), result.encode());
        assertNotNull(request.getJsonObject("params").getJsonObject("requestedSchema"), result.encode());
        assertNotNull(result.getString("requestState"), result.encode());
        return result;
    }

    private JsonObject retry(String url, int id, JsonObject asked, String state, String name) {
        JsonObject retry = ModernMcp.toolCall(id, TOOL, new JsonObject(), ELICITATION);
        retry.getJsonObject("params").put("inputResponses", answers(asked, name)).put("requestState", state);
        JsonObject answer = ModernMcp.answer(ModernMcp.post(url, tenant().adminKey(), retry));
        assertEquals(id, answer.getInteger("id"), answer.encode());
        return answer;
    }

    private static JsonObject answers(JsonObject asked, String name) {
        JsonObject responses = new JsonObject();
        asked.getJsonObject("inputRequests").fieldNames().forEach(key -> responses.put(key,
                new JsonObject().put("action", "accept").put("content", new JsonObject().put("name", name))));
        return responses;
    }

    private static void assertInvalidParams(JsonObject answer) {
        assertNotNull(answer.getJsonObject("error"), answer.encode());
        assertEquals(-32602, answer.getJsonObject("error").getInteger("code"), answer.encode());
    }

    private String url(String userId) {
        tenant();
        return base.toString().replaceAll("/$", "") + "/v3/mcp/" + serverId + "/mcp?user_id=" + userId;
    }

    private static synchronized TestTenant tenant() {
        if (tenant == null) {
            tenant = Api.newTenant();
            serverId = tenant.serverOver("asker", upstream.mcpUrl());
        }
        return tenant;
    }
}
